#!/usr/bin/env bash
# dbrace's hot-key upsert against its C peer, sysbench 1.0 (Debian's `sysbench`) running the same
# statement pair (scripts/bench/upsert-hotkeys.lua): the upsert of one of 1,000 hot keys, then COMMIT,
# autocommit off, the seed's schema with its foreign keys, on the same MariaDB, the two alternated.
# Reports transactions (calls) per second and client CPU per call, each alternated pair and the medians.
# Targets (issue 22): dbrace >= 1.0 x sysbench's transactions/s; client CPU per call <= 1.2 x sysbench's.
#   scripts/bench-sysbench.sh [THREADS] [SECONDS] [PAIRS]      (MariaDB service on 127.0.0.1:3306, db test)
# dbrace gets --warmup calls per thread first (the JIT's warm-up, not counted); its CPU is its whole
# process (JIT and GC included) over the measured part, as it reports it. sysbench's is user + system
# time of its run phase, from /usr/bin/time.
set -euo pipefail
command -v sysbench >/dev/null || { echo "sysbench is missing: apt-get install sysbench" >&2; exit 2; }
source "$(dirname "$0")/bench/peer.sh"
peer_setup sysbench "$@"
sb=(sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3306 --mysql-user=root --mysql-db=test
    --threads="$threads" "$root/scripts/bench/upsert-hotkeys.lua")
for i in $(seq 1 "$pairs"); do
    "${sb[@]}" prepare >/dev/null
    peer_run sysbench "$i" 'transactions:\s+\d+\s+\(\K[\d.]+' 'transactions:\s+\K\d+' "${sb[@]}" --time="$seconds" run
    "${sb[@]}" cleanup >/dev/null
    dbrace_side "$i" jdbc:mysql://127.0.0.1:3306/test root
done
peer_table sysbench
