#!/usr/bin/env python3
"""The read-committed re-read finding, checked with an independent client (MySQLdb, not Connector/J): N processes race get-or-create on one key a round, at
READ COMMITTED, with the seed's schema (parents, UNIQUE(thing_id, owner_id), foreign keys) and Django's sequence
(SELECT; SAVEPOINT; INSERT; on 1062 ROLLBACK TO SAVEPOINT; SELECT; SELECT; UPDATE; COMMIT).

Usage: /usr/bin/python3 scripts/confirm-rc-reread.py PORT PROCESSES ROUNDS  (root, no password, database test on
127.0.0.1). A loser that still finds no row after both re-reads counts as does_not_exist; for each, a locking read
and a plain read 10 ms later say whether the row was there after all. Its tables (pyrc_*) are dropped at the end,
also when it fails. See docs/strategies.md, "READ COMMITTED on MariaDB 11.4".
"""
import sys, multiprocessing as mp, MySQLdb, collections, time

def conn(port):
    c = MySQLdb.connect(host="127.0.0.1", port=port, user="root", db="test")
    c.autocommit(False)
    cur = c.cursor()
    cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
    return c

def drop(cur):
    for t in ("pyrc_myobj", "pyrc_thing", "pyrc_owner"):   # children first
        cur.execute(f"DROP TABLE IF EXISTS {t}")

def setup(port, rounds):
    c = conn(port); cur = c.cursor()
    drop(cur)
    cur.execute("CREATE TABLE pyrc_thing (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL) ENGINE=InnoDB")
    cur.execute("CREATE TABLE pyrc_owner (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL) ENGINE=InnoDB")
    cur.execute("CREATE TABLE pyrc_myobj (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, thing_id BIGINT NOT NULL, "
                "owner_id BIGINT NOT NULL, state BOOLEAN NOT NULL, UNIQUE (thing_id, owner_id), "
                "FOREIGN KEY (thing_id) REFERENCES pyrc_thing (id), FOREIGN KEY (owner_id) REFERENCES pyrc_owner (id)) ENGINE=InnoDB")
    cur.execute("INSERT INTO pyrc_owner VALUES (1, 'o')")
    for lo in range(0, rounds, 1000):
        cur.executemany("INSERT INTO pyrc_thing VALUES (%s, 't')", [(i,) for i in range(lo, min(rounds, lo + 1000))])
    c.commit(); c.close()

def worker(port, rounds, barrier, n, q):
    c = conn(port); cur = c.cursor()
    seen = collections.Counter(); samples = []
    sel = "SELECT id FROM pyrc_myobj WHERE thing_id = %s AND owner_id = 1"
    for r in range(rounds):
        barrier.wait()
        state = n % 2
        cur.execute(sel, (r,)); row = cur.fetchone()
        how = "found"
        if row is None:
            cur.execute("SAVEPOINT s")
            t_ins = time.time()
            try:
                cur.execute("INSERT INTO pyrc_myobj (thing_id, owner_id, state) VALUES (%s, 1, %s)", (r, state))
                cur.execute("RELEASE SAVEPOINT s")
                row = (cur.lastrowid,); how = "created"
            except MySQLdb.IntegrityError as e:
                ins_ms = (time.time() - t_ins) * 1000
                if e.args[0] != 1062:
                    raise
                cur.execute("ROLLBACK TO SAVEPOINT s"); cur.execute("RELEASE SAVEPOINT s")
                cur.execute(sel, (r,)); row = cur.fetchone()
                if row is None:
                    cur.execute(sel, (r,)); row = cur.fetchone()
                    if row is None:
                        how = "does_not_exist"
                        cur.execute(sel + " LOCK IN SHARE MODE", (r,)); locking = cur.fetchone()
                        time.sleep(0.01)
                        cur.execute(sel, (r,)); later = cur.fetchone()
                        samples.append((r, round(ins_ms, 2), locking is not None, later is not None))
        if row is not None:
            cur.execute("UPDATE pyrc_myobj SET state = %s WHERE id = %s", (state, row[0]))
        c.commit()
        seen[how] += 1
    q.put((seen, samples)); c.close()

def main():
    port, procs, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    setup(port, rounds)
    try:
        race(port, procs, rounds)
    finally:
        c = conn(port)
        drop(c.cursor())
        c.commit(); c.close()

def race(port, procs, rounds):
    barrier = mp.Barrier(procs); q = mp.Queue()
    ps = [mp.Process(target=worker, args=(port, rounds, barrier, i, q)) for i in range(procs)]
    t0 = time.time()
    for p in ps: p.start()
    total = collections.Counter(); bad = collections.Counter(); allsamples = []
    for _ in ps:
        s, samples = q.get(); total.update(s); bad.update(x[0] for x in samples); allsamples.extend(samples)
    for p in ps: p.join()
    c = conn(port); cur = c.cursor()
    cur.execute("SELECT VERSION(), @@global.tx_isolation"); v = cur.fetchone()
    cur.execute("SELECT COUNT(*) FROM pyrc_myobj"); rows = cur.fetchone()[0]
    print(f"{v[0]} procs={procs} rounds={rounds} {dict(total)} rows={rows} rounds_with_dne={len(bad)} "
          f"first={sorted(bad)[:5]} secs={time.time() - t0:.0f}")
    c.close()
    print("samples (round, insert_ms, locking_read_sees_it, plain_read_10ms_later_sees_it):", sorted(allsamples)[:20])


if __name__ == "__main__":
    main()
