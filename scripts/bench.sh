#!/usr/bin/env bash
# The standing benchmarks in one go (about 5 minutes on 2 cores), into one dated folder with one table:
# hot-key upsert against sysbench (MariaDB) and pgbench (PostgreSQL), 5 alternated pairs each; what the
# statement gate adds per statement; and explain --all's time for the seed's code. Not run in CI.
#   scripts/bench.sh        (the MariaDB and PostgreSQL services on 127.0.0.1; sysbench and pgbench installed)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/results/bench-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
"$root/scripts/dbrace" --version >/dev/null          # builds the jar first, outside the timings
BENCH_OUT="$out/sysbench" "$root/scripts/bench-sysbench.sh" 8 8 5 >/dev/null
BENCH_OUT="$out/pgbench" "$root/scripts/bench-pgbench.sh" 8 8 5 >/dev/null
BENCH_OUT="$out/gate" "$root/scripts/bench-gate.sh" 20000 >/dev/null
"$root/scripts/dbrace" explain --all -s naive -i repeatable-read --format json >"$out/explore-naive.json"
python3 "$root/scripts/bench/standing_table.py" "$out" | tee "$out/result.md"
