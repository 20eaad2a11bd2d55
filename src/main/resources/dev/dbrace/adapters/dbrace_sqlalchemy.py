#!/usr/bin/env python3
"""Race or explore your own SQLAlchemy function on your own table, with no protocol code of yours.

    dbrace run --sqlalchemy myapp.tags:get_or_create --table tags --key-columns name

dbrace starts this file itself (it travels inside dbrace's jar). It puts --path (default: the current folder) on
sys.path, and before your module is imported it makes every engine your code creates with
sqlalchemy.create_engine() talk to the server dbrace names (through its statement gate): the host, port,
database, user and password of your URL are replaced, its driver and every other argument stay yours, and
isolation_level is set only where dbrace is asked for a level. Your module may read its URL from its own
configuration or from DATABASE_URL, which is set to dbrace's target with your driver's default for the server
(mysql+mysqldb, postgresql+psycopg2) when the environment has none.

Each call is one call of your function:

    get_or_create(name=..., [state=True|False], [session=Session])

one keyword per key column; `state` only where the function has such a parameter; `session` (a new Session on
the engine your module's `engine` attribute holds, else on one made from DATABASE_URL, closed after the call)
only where it has a parameter of that name. Your function says nothing about what it did: through dbrace's
statement gate, the call created the row when an INSERT of it committed, and found it when it returned
without one. An exception it lets out is the caller's: sqlalchemy's NoResultFound is does_not_exist, an
IntegrityError integrity_error, any other an error with the driver's code.
"""
import argparse
import importlib
import inspect
import json
import os
import sys


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def arguments():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--project", "--path", dest="path", default=".", help="the folder your project imports from")
    p.add_argument("--call", "--function", dest="function", required=True,
                   help="module:function, e.g. myapp.tags:get_or_create")
    return p.parse_args()


DEFAULT_DRIVERS = {"mysql": "mysql+mysqldb", "postgresql": "postgresql+psycopg2"}
LEVELS = {"read-committed": "READ COMMITTED", "repeatable-read": "REPEATABLE READ", "serializable": "SERIALIZABLE",
          "read-uncommitted": "READ UNCOMMITTED"}


def aim_engines(target, level):
    """Makes sqlalchemy.create_engine() aim every engine at dbrace's target, at its level where it asks for one."""
    import sqlalchemy
    import sqlalchemy.engine
    from sqlalchemy.engine import make_url

    made = []
    original = sqlalchemy.create_engine
    password = os.environ.get("DBRACE_PASSWORD", "")

    def create_engine(url, *args, **kwargs):
        u = make_url(url).set(host=target["host"], port=target["port"], database=target["database"],
                              username=target["user"], password=password or None)
        if level:
            kwargs["isolation_level"] = LEVELS[level]
        engine = original(u, *args, **kwargs)
        made.append(engine)
        return engine

    sqlalchemy.create_engine = create_engine
    sqlalchemy.engine.create_engine = create_engine
    family = "postgresql" if target["family"] == "postgresql" else "mysql"
    os.environ.setdefault("DATABASE_URL", "%s://%s@%s:%d/%s" % (DEFAULT_DRIVERS[family], target["user"],
                                                                target["host"], target["port"], target["database"]))
    return made


def function_of(path):
    module, _, name = path.partition(":")
    if not name:
        raise SystemExit("dbrace_sqlalchemy: name the function as module:function, not %r" % path)
    m = importlib.import_module(module)
    return m, getattr(m, name)


def error_of(e):
    orig = getattr(e, "orig", None) or e
    code = orig.args[0] if getattr(orig, "args", None) and isinstance(orig.args[0], int) else None
    return {"class": type(e).__module__ + "." + type(e).__qualname__, "code": code,
            "sqlstate": getattr(orig, "pgcode", None), "message": str(e).strip().splitlines()[0][:300]}


def isolation_of(engine):
    try:
        with engine.connect() as c:
            return c.get_isolation_level().lower().replace(" ", "-")
    except Exception:           # a level the dialect cannot read: dbrace says it was not told
        return None


def worker(args):
    hello = json.loads(sys.stdin.readline())
    sys.path.insert(0, os.path.abspath(args.path))
    made = aim_engines(hello["target"], hello["isolation"])
    module, function = function_of(args.function)
    import sqlalchemy
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import NoResultFound
    params = inspect.signature(function).parameters
    with_state = "state" in params
    with_session = "session" in params
    engine = getattr(module, "engine", None)
    if not isinstance(engine, sqlalchemy.engine.Engine):
        engine = made[0] if made else sqlalchemy.create_engine(os.environ["DATABASE_URL"])
    send({"type": "ready", "isolation": isolation_of(engine)})
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["type"] == "stop":
            break
        kw = dict(msg["key"])
        if with_state:
            kw["state"] = msg["state"]
        try:
            if with_session:
                with Session(engine) as session:
                    function(session=session, **kw)
            else:
                function(**kw)
            result = {"outcome": "returned"}
        except NoResultFound as e:
            result = {"outcome": "does_not_exist", "error": error_of(e)}
        except IntegrityError as e:
            result = {"outcome": "integrity_error", "error": error_of(e)}
        except Exception as e:          # another database error, MultipleResultsFound, …: the caller's exception
            result = {"outcome": "error", "error": error_of(e)}
        result.update(type="result", seq=msg["seq"])
        send(result)


if __name__ == "__main__":
    worker(arguments())
