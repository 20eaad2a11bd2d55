#!/usr/bin/env python3
"""The floor under an exploration of the team example's Django function: the function called on its own, one call
after another, straight to the server (no statement gate, no explorer), each call in transaction.atomic() as the
adapter calls it. Prints the time a call and the statements a call sends, for a call that creates the row and for
one that finds it.

    python3 scripts/bench/django_direct.py FUNCTION CALLS     # FUNCTION in myapp.services; MariaDB service
"""
import os
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(root, "examples", "django", "team"))
os.environ["DJANGO_SETTINGS_MODULE"] = "myproject.settings"
from django.conf import settings  # noqa: E402

db = settings.DATABASES["default"]
db.update(HOST="127.0.0.1", PORT=3306, NAME="test", USER="root", PASSWORD="")
db.setdefault("OPTIONS", {})["isolation_level"] = "repeatable read"
import django  # noqa: E402

django.setup()
from django.db import connection, transaction  # noqa: E402

from myapp import services  # noqa: E402
from myapp.dbrace_keys import make_keys  # noqa: E402
from myapp.models import Owner, Thing  # noqa: E402

function = getattr(services, sys.argv[1])
calls = int(sys.argv[2])
sent = []
keys = make_keys(10 ** 7 + int(time.time()) % 10 ** 6 * 10, calls)


def count(execute, sql, params, many, context):
    sent.append(sql)
    return execute(sql, params, many, context)


with connection.execute_wrapper(count):
    for what in ("creates", "finds"):
        sent.clear()
        start = time.perf_counter()
        for k in keys:
            with transaction.atomic():
                function(owner=Owner(pk=k["owner_id"]), thing=Thing(pk=k["thing_id"]), state=what == "finds")
        elapsed = time.perf_counter() - start
        # the wrapper sees the statements Django executes through a cursor (SAVEPOINTs among them), not MySQLdb's
        # autocommit() and commit(): the statements a call are undercounted, and the time a statement overstated
        print(f"{sys.argv[1]} {what}: {elapsed / calls * 1e6:.0f} µs a call, {len(sent) / calls:.1f} statements a call "
              f"(Django's execute_wrapper), {elapsed / len(sent) * 1e6:.0f} µs a statement")
