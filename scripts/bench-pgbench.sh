#!/usr/bin/env bash
# dbrace's hot-key upsert against its C peer on PostgreSQL, pgbench (PostgreSQL 15's), running the same
# transaction (scripts/bench/upsert-hotkeys.pgbench, -M prepared): BEGIN; the upsert of one of 1,000 hot keys
# RETURNING id; COMMIT; the seed's schema with its foreign keys, on the same server, the two alternated.
# Reports transactions (calls) per second and client CPU per call, medians over the pairs.
# Target (issue 22): dbrace >= 1.0 x pgbench's transactions/s; client CPU per call <= 1.2 x pgbench's.
#   scripts/bench-pgbench.sh [THREADS] [SECONDS] [PAIRS]      (PostgreSQL service on 127.0.0.1:5432, db test)
# dbrace gets --warmup calls per thread first (the JIT's warm-up, not counted); its CPU is its whole process
# over the measured part, as it reports it. pgbench's is user + system time of its run, from /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
threads="${1:-8}"; seconds="${2:-10}"; pairs="${3:-5}"; warmup=5000
command -v pgbench >/dev/null || { echo "pgbench is missing: apt-get install postgresql-client-15" >&2; exit 2; }
"$root/scripts/dbrace" --version >/dev/null          # builds the jar when needed
out="${BENCH_OUT:-$root/results/bench-pgbench-$(date +%Y%m%d-%H%M%S)}"; mkdir -p "$out"
echo "threads=$threads seconds=$seconds pairs=$pairs dbrace_warmup=$warmup" | tee "$out/config.txt"
psql=(psql -q -h 127.0.0.1 -p 5432 -U postgres -d test -v ON_ERROR_STOP=1)
schema() {
    "${psql[@]}" -c "DROP TABLE IF EXISTS bench_myobj, bench_thing, bench_owner"
    [ "$1" = drop ] && return
    "${psql[@]}" -c "CREATE TABLE bench_thing (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL);
        CREATE TABLE bench_owner (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL);
        CREATE TABLE bench_myobj (id BIGSERIAL PRIMARY KEY, thing_id BIGINT NOT NULL REFERENCES bench_thing (id),
            owner_id BIGINT NOT NULL REFERENCES bench_owner (id), state BOOLEAN NOT NULL, UNIQUE (thing_id, owner_id));
        INSERT INTO bench_thing SELECT g, 't' FROM generate_series(1, 1000) g; INSERT INTO bench_owner VALUES (1, 'o');"
}
trap 'schema drop' EXIT
for i in $(seq 1 "$pairs"); do
    schema create
    /usr/bin/time -f "cpu %U %S" -o "$out/pgbench-$i.time" pgbench -n -h 127.0.0.1 -p 5432 -U postgres -M prepared \
        -c "$threads" -j 2 -T "$seconds" -f "$root/scripts/bench/upsert-hotkeys.pgbench" test >"$out/pgbench-$i.txt" 2>&1
    python3 - "$out/pgbench-$i.txt" "$out/pgbench-$i.time" <<'PY' | tee -a "$out/pgbench.txt"
import re, sys
text = open(sys.argv[1]).read()
tx = int(re.search(r"number of transactions actually processed: (\d+)", text).group(1))
tps = float(re.search(r"tps = ([\d.]+)", text).group(1))
user, sys_ = (float(x) for x in open(sys.argv[2]).read().split()[1:3])
print(f"{tps:.1f} {1e6 * (user + sys_) / tx:.1f}")
PY
    "$root/scripts/dbrace" run --url jdbc:postgresql://127.0.0.1:5432/test --user postgres -s upsert --keys 1000 \
        -t "$threads" --duration "${seconds}s" --warmup "$warmup" -q --out "$out/dbrace-$i" >/dev/null
    python3 - "$out/dbrace-$i/summary.json" <<'PY' | tee -a "$out/dbrace.txt"
import json, sys
s = json.load(open(sys.argv[1]))["strategies"][0]
print(s["throughput_ops_s"], s["client_cpu_us_per_call"])
PY
done
python3 "$root/scripts/bench/peer_table.py" "$out" pgbench "pgbench" | tee "$out/result.md"
