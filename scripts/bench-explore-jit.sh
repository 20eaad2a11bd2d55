#!/usr/bin/env bash
# explain --all with the server compiler (C2, the JVM's default) against C1 alone (-XX:TieredStopAtLevel=1, what
# scripts/dbrace now starts explain with), in alternated pairs, on the two Django rows of bench-explore.sh (the seed's
# get_or_create and re-get, and the team example's handler that loads the owner first; 3 sessions, MariaDB service,
# REPEATABLE READ). Writes each exploration's JSON and a table of its own time (elapsed_ms) to results/.
#   scripts/bench-explore-jit.sh [PAIRS]     # default 3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pairs="${1:-3}"
out="$root/results/bench-explore-jit-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
"$root/scripts/dbrace" --version >/dev/null
# shellcheck source-path=SCRIPTDIR source=bench/django-rows.sh
source "$root/scripts/bench/django-rows.sh"
for pair in $(seq 1 "$pairs"); do
    for jit in c2 c1; do
        opts="-XX:+UseParallelGC"
        if [[ $jit == c1 ]]; then opts="$opts -XX:TieredStopAtLevel=1"; fi
        DBRACE_JAVA_OPTS="$opts" "$root/scripts/dbrace" explain --all --sessions 3 -i repeatable-read "${service[@]}" \
            "${seed_worker[@]}" --format json \
            >"$out/seed-$jit-$pair.json" 2>/dev/null
        DBRACE_JAVA_OPTS="$opts" "$root/scripts/dbrace" explain --all --sessions 3 -i repeatable-read "${service[@]}" \
            "${owner_first[@]}" \
            --format json >"$out/owner-first-$jit-$pair.json" 2>/dev/null
    done
done
python3 - "$out" "$pairs" <<'PY' | tee "$out/result.md"
import json, statistics, sys
d, pairs = sys.argv[1], int(sys.argv[2])
print("| exploration | runs | C2 s (pairs) | C1 s (pairs) | C2 median | C1 median | C1 runs/s |")
print("|---|---:|---|---|---:|---:|---:|")
for row in ("seed", "owner-first"):
    t = {j: [json.load(open(f"{d}/{row}-{j}-{p}.json"))["elapsed_ms"] / 1000 for p in range(1, pairs + 1)] for j in ("c2", "c1")}
    e = json.load(open(f"{d}/{row}-c1-1.json"))
    runs = e["explored"] + e["redundant_runs"]
    c1 = statistics.median(t["c1"])
    print(f"| {row}, 3 sessions | {runs} | {', '.join(f'{x:.1f}' for x in t['c2'])} | {', '.join(f'{x:.1f}' for x in t['c1'])} "
          f"| {statistics.median(t['c2']):.1f} | {c1:.1f} | {runs / c1:.0f} |")
PY
