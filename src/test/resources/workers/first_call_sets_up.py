#!/usr/bin/env python3
"""A worker whose first call sets itself up on a second connection (as an ORM fills its type cache through its pool
on its first connection) and then gets or creates on its own connection: the explorer's warm-up lets that set-up
through, and every counted run steps one connection."""
import json
import sys

import MySQLdb


def main():
    hello = json.loads(sys.stdin.readline())
    t = hello["target"]
    connect = lambda: MySQLdb.connect(host=t["host"], port=t["port"], user=t["user"], db=t["database"])
    own = connect()
    table = hello["table"]["name"]
    set_up = False
    sys.stdout.write(json.dumps({"type": "ready"}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["type"] == "stop":
            break
        key = msg["key"]
        try:
            c = own.cursor()
            c.execute("SELECT id FROM " + table + " WHERE thing_id = %s AND owner_id = %s",
                      (key["thing_id"], key["owner_id"]))
            if not set_up:
                other = connect()
                other.cursor().execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = %s", (table,))
                other.close()
                set_up = True
            row = c.fetchone()
            if row:
                own.commit()
                result = {"outcome": "found", "id": row[0]}
            else:
                c.execute("INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (%s, %s, 0)",
                          (key["thing_id"], key["owner_id"]))
                own.commit()
                result = {"outcome": "created", "id": c.lastrowid}
        except MySQLdb.Error as e:
            own.rollback()
            result = {"outcome": "error", "error": {"code": e.args[0], "message": str(e)}}
        result.update(type="result", seq=msg["seq"])
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
