#!/usr/bin/env python3
"""dbrace's reference worker: the seed's get-or-create in plain DB-API code, no ORM.

The smallest complete template of the worker protocol (version 1). dbrace starts one of these per
racing thread and talks JSON lines: hello -> ready, call -> result, stop. Run it with
    dbrace run --worker '/usr/bin/python3 examples/reference/reference_worker.py'
It needs python3-mysqldb (mysqlclient) for MySQL and MariaDB, python3-psycopg2 for PostgreSQL.
"""
import json
import os
import sys


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()                      # one line per answer, flushed: dbrace is waiting for it


def connect(hello):
    t = hello["target"]
    password = os.environ.get("DBRACE_PASSWORD", "")     # never in a message or on the command line
    level, timeout_ms = hello["isolation"], hello["call_timeout_ms"]
    if t["family"] == "mysql":
        import MySQLdb as db
        conn = db.connect(host=t["host"], port=t["port"], user=t["user"], passwd=password, db=t["database"])
        cur = conn.cursor()
        cur.execute("SET SESSION innodb_lock_wait_timeout = %d" % max(1, -(-timeout_ms // 1000)))
        if level:
            cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL " + level.replace("-", " "))
        cur.execute("SELECT @@SESSION.tx_isolation")
    else:
        import psycopg2 as db
        conn = db.connect(host=t["host"], port=t["port"], user=t["user"], password=password, dbname=t["database"])
        cur = conn.cursor()
        cur.execute("SET lock_timeout = %d" % timeout_ms)
        if level:
            cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL " + level.replace("-", " "))
        conn.commit()                       # the level applies from the next transaction on
        cur.execute("SHOW transaction_isolation")
    actual = cur.fetchone()[0].lower().replace(" ", "-")
    conn.commit()
    return db, conn, actual


def error_of(e):
    """What the driver tells of an exception: mysqlclient has a vendor code, psycopg2 a SQLState."""
    code = e.args[0] if e.args and isinstance(e.args[0], int) else None
    return {"sqlstate": getattr(e, "pgcode", None), "code": code,
            "message": str(e).strip(), "class": type(e).__module__ + "." + type(e).__name__}


def get_or_create(db, conn, table, key, state, prior_read):
    """The seed's code: get_or_create (a savepoint around the INSERT), except IntegrityError: get()."""
    cur = conn.cursor()
    where = "thing_id = %s AND owner_id = %s"
    args = (key["thing_id"], key["owner_id"])
    handled = []
    if prior_read:
        cur.execute("SELECT COUNT(*) FROM " + table + " WHERE owner_id = %s", (key["owner_id"],))
        cur.fetchone()
    cur.execute("SELECT id FROM " + table + " WHERE " + where, args)
    row = cur.fetchone()
    outcome = "found"
    if row is None:
        cur.execute("SAVEPOINT s")
        try:
            cur.execute("INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (%s, %s, %s)" +
                        (" RETURNING id" if db.__name__ == "psycopg2" else ""), args + (state,))
            row = (cur.fetchone()[0],) if db.__name__ == "psycopg2" else (cur.lastrowid,)
            cur.execute("RELEASE SAVEPOINT s")
            outcome = "created"
        except db.IntegrityError as e:
            handled.append(error_of(e))
            cur.execute("ROLLBACK TO SAVEPOINT s")
            for _ in range(2):              # get_or_create's re-get, then the caller's get()
                cur.execute("SELECT id FROM " + table + " WHERE " + where, args)
                row = cur.fetchone()
                if row is not None:
                    break
            if row is None:
                conn.rollback()
                return {"outcome": "does_not_exist", "db_errors": handled,
                        "error": {"class": "DoesNotExist", "message": "no row after the IntegrityError"}}
    cur.execute("UPDATE " + table + " SET state = %s WHERE id = %s", (state, row[0]))
    conn.commit()
    return {"outcome": outcome, "id": row[0], "db_errors": handled}


def main():
    hello = json.loads(sys.stdin.readline())
    db, conn, actual = connect(hello)
    send({"type": "ready", "isolation": actual})
    table = hello["tables"]["myobj"]
    for line in sys.stdin:                  # ends at stop, or when dbrace closes the pipe
        msg = json.loads(line)
        if msg["type"] == "stop":
            break
        try:
            result = get_or_create(db, conn, table, msg["key"], msg["state"], hello["prior_read"])
        except db.Error as e:
            conn.rollback()
            result = {"outcome": "error", "error": error_of(e)}
        result.update(type="result", seq=msg["seq"])
        send(result)
    conn.close()


if __name__ == "__main__":
    main()
