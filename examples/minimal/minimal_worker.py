import json, os, sys
import MySQLdb                                   # Debian's python3-mysqldb: MySQL and MariaDB

hello = json.loads(sys.stdin.readline())
t, table = hello["target"], hello["tables"]["myobj"]
db = MySQLdb.connect(host=t["host"], port=t["port"], user=t["user"], db=t["database"],
                     passwd=os.environ.get("DBRACE_PASSWORD", ""))
cur = db.cursor()
if hello["isolation"]:
    cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL " + hello["isolation"].replace("-", " "))
select = "SELECT id FROM " + table + " WHERE thing_id = %s AND owner_id = %s"
print(json.dumps({"type": "ready"}), flush=True)
for msg in map(json.loads, sys.stdin):
    if msg["type"] == "stop":
        break
    key, res = (msg["key"]["thing_id"], msg["key"]["owner_id"]), {"type": "result", "seq": msg["seq"]}
    try:
        cur.execute(select, key)
        row, res["outcome"] = cur.fetchone(), "found"
        if row is None:
            try:
                cur.execute("INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (%s, %s, %s)",
                            key + (msg["state"],))
                row, res["outcome"] = (cur.lastrowid,), "created"
            except MySQLdb.IntegrityError:       # the seed's except IntegrityError: get()
                cur.execute(select, key)
                row = cur.fetchone()
        if row is None:
            res["outcome"] = "does_not_exist"
        else:
            cur.execute("UPDATE " + table + " SET state = %s WHERE id = %s", (msg["state"], row[0]))
            res["id"] = row[0]
        db.commit()
    except MySQLdb.Error as e:
        db.rollback()
        res.update(outcome="error", error={"code": e.args[0], "message": str(e)})
    print(json.dumps(res), flush=True)
