#!/usr/bin/env python3
"""A worker whose call reads on one connection and inserts on a second: what explain --all refuses, in one line."""
import json
import sys

import MySQLdb


def main():
    hello = json.loads(sys.stdin.readline())
    t = hello["target"]
    first, second = (MySQLdb.connect(host=t["host"], port=t["port"], user=t["user"], db=t["database"])
                     for _ in range(2))
    table = hello["table"]["name"]
    sys.stdout.write(json.dumps({"type": "ready"}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["type"] == "stop":
            break
        key = msg["key"]
        try:
            first.cursor().execute("SELECT id FROM " + table + " WHERE thing_id = %s AND owner_id = %s",
                                   (key["thing_id"], key["owner_id"]))
            c = second.cursor()
            c.execute("INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (%s, %s, 0)",
                      (key["thing_id"], key["owner_id"]))
            second.commit()
            first.commit()
            result = {"outcome": "created", "id": c.lastrowid}
        except MySQLdb.Error as e:
            first.rollback()
            second.rollback()
            result = {"outcome": "error", "error": {"code": e.args[0], "message": str(e)}}
        result.update(type="result", seq=msg["seq"])
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
