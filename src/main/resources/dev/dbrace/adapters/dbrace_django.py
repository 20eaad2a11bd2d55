#!/usr/bin/env python3
"""Race or explore your own Django function on your own table, with no protocol code of yours.

    dbrace run --django myapp.services.create_or_update_myobj --settings myproject.settings \\
               --table myapp_myobj --key-columns thing_id,owner_id --django-keys myapp.dbrace_keys.make_keys

dbrace starts this file itself (it travels inside dbrace's jar).

As a worker it loads your settings module, points DATABASES['default'] at the server dbrace names (through
its statement gate, if any; every other setting, OPTIONS and isolation level included, stays yours unless
dbrace is asked for a level), finds your model by the table dbrace names, and calls your function once a
call, inside transaction.atomic() as ATOMIC_REQUESTS would:

    your_function(thing=Thing(pk=...), owner=Owner(pk=...), state=True|False)

one keyword per key column (a foreign key's field gets an unsaved instance holding the key, so no query is
added), and `state` only where the function has such a parameter. Your function need say nothing of what
it did: through dbrace's statement gate (on for --django), the call created the row when an INSERT of it
committed, and found it when it returned without one; an exception it lets out is the caller's
(DoesNotExist, IntegrityError, another database error). Without the gate (--worker without --gate), what
it did comes from a row it created (post_save with created=True), a row it saved or returned (found). As `keys`, it calls your make_keys(start, count), which creates
the parent rows and returns one dict of key column values per key, and prints them for dbrace.
--path (default: the current folder) is put on sys.path so that your project imports.
"""
import argparse
import importlib
import json
import os
import sys


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def arguments():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", nargs="?", choices=["worker", "keys"], default="worker")
    p.add_argument("--settings", required=True, help="your settings module, e.g. myproject.settings")
    p.add_argument("--path", default=".", help="the folder your project imports from")
    p.add_argument("--function", help="worker: the dotted path of your get-or-create function")
    p.add_argument("--no-atomic", action="store_true", help="worker: do not wrap each call in transaction.atomic()")
    p.add_argument("--make-keys", help="keys: the dotted path of make_keys(start, count)")
    return p.parse_args()


def dotted(path):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def setup(args, target, level=None):
    """Your settings, with the default database pointed at dbrace's target."""
    sys.path.insert(0, os.path.abspath(args.path))
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    from django.conf import settings
    db = settings.DATABASES["default"]
    db.update(HOST=target["host"], PORT=target["port"], NAME=target["database"], USER=target["user"],
              PASSWORD=os.environ.get("DBRACE_PASSWORD", ""))
    family = target.get("family")
    fits = "postgresql" in db["ENGINE"] if family == "postgresql" else "mysql" in db["ENGINE"]
    if family and not fits:
        engine = "django.db.backends.postgresql" if family == "postgresql" else "django.db.backends.mysql"
        sys.stderr.write("dbrace_django: your ENGINE %s does not speak to %s; using %s for this race\n"
                         % (db["ENGINE"], target.get("product", family), engine))
        db["ENGINE"] = engine
    options = db.setdefault("OPTIONS", {})
    if level and "mysql" in db["ENGINE"]:
        options["isolation_level"] = level.replace("-", " ")
    elif level:
        import psycopg2.extensions as ext
        options["isolation_level"] = {"read-committed": ext.ISOLATION_LEVEL_READ_COMMITTED,
                                      "repeatable-read": ext.ISOLATION_LEVEL_REPEATABLE_READ,
                                      "serializable": ext.ISOLATION_LEVEL_SERIALIZABLE}[level]
    import django
    django.setup()


def keys(args):
    env = os.environ
    setup(args, {"host": env["DBRACE_HOST"], "port": int(env["DBRACE_PORT"]), "database": env["DBRACE_DATABASE"],
                 "user": env["DBRACE_USER"], "family": env.get("DBRACE_FAMILY")})
    for key in dotted(args.make_keys)(int(env["DBRACE_KEYS_FROM"]), int(env["DBRACE_KEYS_COUNT"])):
        send(key)


def model_of(table):
    from django.apps import apps
    for m in apps.get_models():
        if m._meta.db_table == table:
            return m
    raise SystemExit("dbrace_django: no installed model has db_table %r" % table)


def takes_state(function):
    """True when the function has a `state` parameter (or **kwargs): only then is it passed one."""
    import inspect
    params = inspect.signature(function).parameters.values()
    return any(p.name == "state" or p.kind == p.VAR_KEYWORD for p in params)


def keywords(model, columns, key, state, with_state):
    """One keyword per key column: a foreign key's field gets an unsaved instance holding the key."""
    kw = {"state": state} if with_state else {}
    for column in columns:
        field = next(f for f in model._meta.concrete_fields if f.column == column)
        value = key[column]
        kw[field.name] = field.related_model(pk=value) if field.is_relation else value
    return kw


def error_of(e):
    cause = e.__cause__ if e.__cause__ is not None else e
    code = cause.args[0] if cause.args and isinstance(cause.args[0], int) else None
    return {"class": type(e).__module__ + "." + type(e).__qualname__, "code": code,
            "sqlstate": getattr(cause, "pgcode", None), "message": str(e).strip()[:300]}


def worker(args):
    hello = json.loads(sys.stdin.readline())
    setup(args, hello["target"], hello["isolation"])
    from django.core.exceptions import ObjectDoesNotExist
    from django.db import IntegrityError, connection, transaction
    from django.db.models.signals import post_save
    table = hello["table"]
    model = model_of(table["name"])
    function = dotted(args.function)
    with_state = takes_state(function)
    saved = []
    post_save.connect(lambda sender, instance, created, **kw: saved.append((created, instance.pk)), sender=model,
                      weak=False)
    send({"type": "ready", "isolation": isolation_of(connection)})
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["type"] == "stop":
            break
        saved.clear()
        committed = []
        try:
            kw = keywords(model, table["key_columns"], msg["key"], msg["state"], with_state)
            if args.no_atomic:
                returned = function(**kw)
                committed.append(True)          # the function's own transactions: dbrace cannot tell
            else:
                with transaction.atomic():
                    # a create counts only once its transaction really committed: atomic() rolls back silently
                    # when the function swallowed a database error or called set_rollback(True)
                    transaction.on_commit(lambda: committed.append(True))
                    returned = function(**kw)
            if not committed:
                result = {"outcome": "error", "error": {"class": "dbrace_django.RolledBack",
                                                        "message": "the transaction rolled back without raising"}}
            elif hello.get("gate"):
                result = returned_of(model, returned)
            else:
                result = outcome_of(model, table["key_columns"], msg["key"], returned, saved)
        except ObjectDoesNotExist as e:
            result = {"outcome": "does_not_exist", "error": error_of(e)}
        except IntegrityError as e:
            result = {"outcome": "integrity_error", "error": error_of(e)}
        except Exception as e:          # another database error, MultipleObjectsReturned, …: the caller's exception
            result = {"outcome": "error", "error": error_of(e)}
        result.update(type="result", seq=msg["seq"])
        send(result)


def isolation_of(connection):
    """The level the connection runs at: MariaDB before 11.1 says tx_isolation, MySQL 8 transaction_isolation."""
    from django.db import DatabaseError, transaction
    queries = (["SELECT @@SESSION.tx_isolation", "SELECT @@SESSION.transaction_isolation"]
               if connection.vendor == "mysql" else ["SHOW transaction_isolation"])
    for q in queries:
        try:
            with transaction.atomic(), connection.cursor() as c:
                c.execute(q)
                return c.fetchone()[0].lower().replace(" ", "-")
        except DatabaseError:
            continue
    return None


def returned_of(model, returned):
    """Through dbrace's gate the wire tells created from found: the call only returned (with the row's id, where
    the function gave the row back)."""
    if isinstance(returned, tuple) and len(returned) == 2 and isinstance(returned[0], model):
        returned = returned[0]
    return {"outcome": "returned", "id": returned.pk} if isinstance(returned, model) else {"outcome": "returned"}


def outcome_of(model, columns, key, returned, saved):
    """Without the gate: the row it created or found, as the function's saves and return value say."""
    if isinstance(returned, tuple) and len(returned) == 2 and isinstance(returned[0], model):
        return {"outcome": "created" if returned[1] else "found", "id": returned[0].pk}
    created = [pk for was_created, pk in saved if was_created]
    if created:
        return {"outcome": "created", "id": created[-1]}
    if saved or isinstance(returned, model):
        return {"outcome": "found", "id": saved[-1][1] if saved else returned.pk}
    fields = {f.column: f.attname for f in model._meta.concrete_fields}
    row = model.objects.filter(**{fields[c]: key[c] for c in columns}).first()
    return {"outcome": "found", "id": row.pk} if row else \
        {"outcome": "error", "error": {"message": "the function returned without a row for the key"}}


if __name__ == "__main__":
    a = arguments()
    keys(a) if a.mode == "keys" else worker(a)
