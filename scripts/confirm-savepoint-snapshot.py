#!/usr/bin/env python3
"""Does ROLLBACK TO SAVEPOINT drop an InnoDB REPEATABLE READ snapshot? A second client stack (MySQLdb, not
Connector/J) behind the rule in docs/explain.md: two connections, a probe table made and dropped here. For each case,
session B reads, A inserts and commits, B reads again (the snapshot hides A's row), B rolls back to its savepoint and
reads once more: a row seen then means the snapshot was dropped.

    /usr/bin/python3 scripts/confirm-savepoint-snapshot.py [HOST [PORT]]     # default 127.0.0.1 3306, user root, db test

MariaDB 10.11 (2026-12-07): a savepoint set before the transaction's first read drops the snapshot; one set after the
first read, or after a write, keeps it. The server rolls back every engine that joined the transaction after the
savepoint, and InnoDB joins with the first statement that touches one of its tables.
"""
import sys

import MySQLdb

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
port = int(sys.argv[2]) if len(sys.argv) > 2 else 3306


def connect():
    c = MySQLdb.connect(host=host, port=port, user="root", db="test")
    c.autocommit(False)
    cur = c.cursor()
    cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    return c, cur


a, ca = connect()
b, cb = connect()
ca.execute("SELECT VERSION()")
print(ca.fetchone()[0])
ca.execute("DROP TABLE IF EXISTS dbrace_savepoint_probe")
ca.execute("CREATE TABLE dbrace_savepoint_probe (k INT PRIMARY KEY) ENGINE=InnoDB")
count = "SELECT COUNT(*) FROM dbrace_savepoint_probe WHERE k < 100"
try:
    for case in ("savepoint before the first read", "savepoint after the first read",
                 "savepoint before the first read, after a write"):
        ca.execute("DELETE FROM dbrace_savepoint_probe")
        a.commit()
        if "after a write" in case:
            cb.execute("INSERT INTO dbrace_savepoint_probe VALUES (100)")
        if "before" in case:
            cb.execute("SAVEPOINT s0")
        cb.execute(count)
        first = cb.fetchone()[0]
        if "after the first read" in case:
            cb.execute("SAVEPOINT s0")
        ca.execute("INSERT INTO dbrace_savepoint_probe VALUES (1)")
        a.commit()
        cb.execute(count)
        again = cb.fetchone()[0]
        cb.execute("ROLLBACK TO SAVEPOINT s0")
        cb.execute(count)
        after = cb.fetchone()[0]
        b.rollback()
        print(f"{case}: read {first}, after A's commit {again}, after ROLLBACK TO {after}: "
              + ("snapshot dropped" if after != again else "snapshot kept"))
finally:
    b.rollback()
    ca.execute("DROP TABLE IF EXISTS dbrace_savepoint_probe")
    a.commit()
