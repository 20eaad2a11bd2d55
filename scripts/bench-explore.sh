#!/usr/bin/env bash
# How long explain --all takes, and how much merging commuting orders saves: the seed's naive at
# REPEATABLE READ with 2 sessions (exact) on both embedded servers, locking-reread and create-or-find with
# 3 sessions merged and exact, and first-inserter-aborts. Each row: interleavings run, runs cut short as
# redundant, diverged replays, stall fallbacks, outcome combinations, the exploration's own time, and the
# command's wall time (the embedded server's start included).
#   scripts/bench-explore.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/results/bench-explore-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
"$root/scripts/dbrace" --version >/dev/null    # builds the jar first, outside the timings
row() {
    local name="$1"; shift
    local start end
    start=$(date +%s.%N)
    "$root/scripts/dbrace" explain "$@" --format json >"$out/$name.json" || true
    end=$(date +%s.%N)
    echo "$name $(echo "$end - $start" | bc)" >>"$out/times.txt"
}
row naive-2-mariadb --all -s naive -i repeatable-read --db embedded-mariadb
row naive-2-postgres --all -s naive -i repeatable-read --db embedded-postgres
row naive-2-mariadb-merged --all -s naive -i repeatable-read --db embedded-mariadb --prune
row locking-reread-3-mariadb-merged --all --sessions 3 -s locking-reread -i repeatable-read --db embedded-mariadb
row locking-reread-3-mariadb-exact --all --sessions 3 -s locking-reread -i repeatable-read --db embedded-mariadb --no-prune
row create-or-find-3-mariadb-merged --all --sessions 3 -s create-or-find -i repeatable-read --db embedded-mariadb
row create-or-find-3-postgres-merged --all --sessions 3 -s create-or-find -i repeatable-read --db embedded-postgres
row first-inserter-aborts-naive-mariadb --scenario first-inserter-aborts -s naive -i repeatable-read --db embedded-mariadb
row first-inserter-aborts-naive-postgres --scenario first-inserter-aborts -s naive -i repeatable-read --db embedded-postgres
python3 - "$out" <<'PY' | tee "$out/result.md"
import json, sys
d = sys.argv[1]
times = dict(l.split() for l in open(f"{d}/times.txt"))
print("| exploration | server | merged | interleavings | cut short | diverged | stall fallbacks | outcome combinations | exploring | wall time |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
for name, t in times.items():
    e = json.load(open(f"{d}/{name}.json"))
    print(f"| {name} | {e['product']} {e['server_version']} | {'yes' if e['pruned'] else 'no'} | {e['explored']}"
          f"{'' if e['complete'] else ' (cut)'} | {e['redundant_runs']} | {e['diverged']} | {e['blocked_after_stall']} "
          f"| {len(e['pairs'])} | {e['elapsed_ms'] / 1000:.1f} s | {float(t):.0f} s |")
PY
