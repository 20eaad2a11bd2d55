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
command -v pgbench >/dev/null || { echo "pgbench is missing: apt-get install postgresql-client-15" >&2; exit 2; }
source "$(dirname "$0")/bench/peer.sh"
peer_setup pgbench "$@"
psql=(env PGOPTIONS=--client-min-messages=warning psql -q -h 127.0.0.1 -p 5432 -U postgres -d test -v ON_ERROR_STOP=1)
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
    peer_run pgbench "$i" 'tps = \K[\d.]+' 'number of transactions actually processed: \K\d+' \
        pgbench -n -h 127.0.0.1 -p 5432 -U postgres -M prepared -c "$threads" -j 2 -T "$seconds" \
        -f "$root/scripts/bench/upsert-hotkeys.pgbench" test
    dbrace_side "$i" jdbc:postgresql://127.0.0.1:5432/test postgres
done
peer_table pgbench
