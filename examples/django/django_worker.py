#!/usr/bin/env python3
"""A dbrace worker that races Django's own get_or_create: the seed's code, unchanged.

    dbrace run --worker '/usr/bin/python3 examples/django/django_worker.py'

Needs Debian's python3-django (3.2) with python3-mysqldb or python3-psycopg2. Each call runs

    with transaction.atomic():                      # as ATOMIC_REQUESTS would
        try:
            obj, created = MyObj.objects.get_or_create(thing=..., owner=..., defaults=...)
        except IntegrityError:
            obj = MyObj.objects.get(thing=..., owner=...)
        obj.state = state
        obj.save()

on a model with unique_together = (thing, owner), mapped onto dbrace's tables. The isolation level
is Django's unless dbrace asks for one: Django 2.0+ runs MySQL at READ COMMITTED, PostgreSQL at the
server's default. Errors Django handles inside get_or_create are seen through connection.execute_wrapper
and reported as db_errors.
"""
import json
import os
import sys

import django
from django.conf import settings


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def database(hello):
    t = hello["target"]
    level, timeout_ms = hello["isolation"], hello["call_timeout_ms"]
    db = {"HOST": t["host"], "PORT": t["port"], "NAME": t["database"], "USER": t["user"],
          "PASSWORD": os.environ.get("DBRACE_PASSWORD", ""), "ATOMIC_REQUESTS": True}
    if t["family"] == "mysql":
        db["ENGINE"] = "django.db.backends.mysql"
        db["OPTIONS"] = {"init_command": "SET SESSION innodb_lock_wait_timeout = %d" % max(1, -(-timeout_ms // 1000))}
        if level:
            db["OPTIONS"]["isolation_level"] = level.replace("-", " ")
    else:
        import psycopg2.extensions as ext
        db["ENGINE"] = "django.db.backends.postgresql"
        db["OPTIONS"] = {"options": "-c lock_timeout=%d" % timeout_ms}
        if level:
            db["OPTIONS"]["isolation_level"] = {
                "read-committed": ext.ISOLATION_LEVEL_READ_COMMITTED,
                "repeatable-read": ext.ISOLATION_LEVEL_REPEATABLE_READ,
                "serializable": ext.ISOLATION_LEVEL_SERIALIZABLE}[level]
    return db


def models(tables):
    from django.db import models as m

    class Thing(m.Model):
        class Meta:
            app_label = "race"
            db_table = tables["thing"]
            managed = False

    class Owner(m.Model):
        class Meta:
            app_label = "race"
            db_table = tables["owner"]
            managed = False

    class MyObj(m.Model):
        thing = m.ForeignKey(Thing, on_delete=m.CASCADE)
        owner = m.ForeignKey(Owner, on_delete=m.CASCADE)
        state = m.BooleanField(default=False)

        class Meta:
            app_label = "race"
            db_table = tables["myobj"]
            managed = False
            unique_together = (("thing", "owner"),)

    return MyObj


def error_of(e):
    """The exception's class, and what its driver says: mysqlclient a vendor code, psycopg2 a SQLState."""
    cause = e.__cause__ if e.__cause__ is not None else e
    code = cause.args[0] if cause.args and isinstance(cause.args[0], int) else None
    module = "race" if type(e).__module__ == "__main__" else type(e).__module__     # the model's app
    return {"class": module + "." + type(e).__qualname__.split("<locals>.")[-1], "code": code,
            "sqlstate": getattr(cause, "pgcode", None), "message": str(e).strip()[:300]}


def main():
    hello = json.loads(sys.stdin.readline())
    settings.configure(DATABASES={"default": database(hello)}, INSTALLED_APPS=[], USE_TZ=False)
    django.setup()
    from django.db import DatabaseError, IntegrityError, connection, transaction
    MyObj = models(hello["tables"])

    handled = []

    def seen(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except DatabaseError as e:
            handled.append(error_of(e))     # every error a statement raised, handled or not
            raise

    with transaction.atomic(), connection.cursor() as c:     # psycopg2 sets the level per transaction
        c.execute("SELECT @@SESSION.tx_isolation" if connection.vendor == "mysql" else "SHOW transaction_isolation")
        actual = c.fetchone()[0].lower().replace(" ", "-")
    send({"type": "ready", "isolation": actual})

    with connection.execute_wrapper(seen):
        for line in sys.stdin:
            msg = json.loads(line)
            if msg["type"] == "stop":
                break
            key, state = msg["key"], msg["state"]
            handled.clear()
            try:
                with transaction.atomic():
                    if hello["prior_read"]:
                        MyObj.objects.filter(owner_id=key["owner_id"]).count()
                    try:
                        obj, created = MyObj.objects.get_or_create(
                            thing_id=key["thing_id"], owner_id=key["owner_id"], defaults={"state": state})
                    except IntegrityError:
                        obj = MyObj.objects.get(thing_id=key["thing_id"], owner_id=key["owner_id"])
                        created = False
                    obj.state = state
                    obj.save()
                result = {"outcome": "created" if created else "found", "id": obj.id}
            except MyObj.DoesNotExist as e:
                result = {"outcome": "does_not_exist", "error": error_of(e)}
            except IntegrityError as e:
                handled.pop()               # it escaped: reported as the call's error, not as handled
                result = {"outcome": "integrity_error", "error": error_of(e)}
            except DatabaseError as e:
                if handled:
                    handled.pop()
                result = {"outcome": "error", "error": error_of(e)}
            result.update(type="result", seq=msg["seq"], db_errors=list(handled))
            send(result)


if __name__ == "__main__":
    main()
