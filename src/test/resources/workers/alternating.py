#!/usr/bin/env python3
"""The reference worker, except that every other call of a process first reads the table by owner.

Its statements depend on how many calls the process has made, not only on the order the explorer chose, so
explain --all's replays of one run's prefix meet other statements: they diverge, and the exploration must
not say "all there are".
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "examples", "reference"))
import reference_worker as ref  # noqa: E402


def main():
    hello = json.loads(sys.stdin.readline())
    db, conn, actual = ref.connect(hello)
    ref.send({"type": "ready", "isolation": actual})
    table = hello["tables"]["myobj"]
    calls = 0
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["type"] == "stop":
            break
        calls += 1
        try:
            result = ref.get_or_create(db, conn, table, msg["key"], msg["state"], calls % 2 == 0)
        except db.Error as e:
            conn.rollback()
            result = {"outcome": "error", "error": ref.error_of(e)}
        result.update(type="result", seq=msg["seq"])
        ref.send(result)
    conn.close()


if __name__ == "__main__":
    main()
