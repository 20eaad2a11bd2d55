#!/usr/bin/env bash
# Cost growth: calls/s and the harness's peak heap at 1, 2, 4, ... 64 threads (upsert, 10 s each),
# and for a 10 s against a 60 s hot-key run, whose memory must not grow with its length.
#   scripts/bench-scaling.sh [--db NAME | --url URL] ...   (default: the embedded MariaDB)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target=("$@"); [[ ${#target[@]} -eq 0 ]] && target=(--db embedded-mariadb)
out="$root/results/bench-scaling-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
for t in ${THREADS:-1 2 4 8 16 32 64}; do
    "$root/scripts/dbrace" run "${target[@]}" -s upsert -t "$t" --duration 10s --warmup 20 -q --out "$out/t$t" >/dev/null
done
# the same small heap for both lengths: a run that kept anything per call would need more the longer it ran
for d in 10 60; do
    DBRACE_JAVA_OPTS="-Xmx64m -XX:+UseSerialGC" "$root/scripts/dbrace" run "${target[@]}" -s upsert --keys 100 -t 16 \
        --duration "${d}s" -q --out "$out/hot$d" >/dev/null
done
python3 - "$out" <<'PY' | tee "$out/result.txt"
import json, sys
d = sys.argv[1]
print("threads   calls/s   p50 ms   p99 ms   peak heap MB")
for t in (1, 2, 4, 8, 16, 32, 64):
    j = json.load(open(f"{d}/t{t}/summary.json")); s = j["strategies"][0]
    print(f"{t:7d} {s['throughput_ops_s']:9.0f} {s['latency_us']['p50'] / 1000:8.2f} {s['latency_us']['p99'] / 1000:8.2f} {j['harness_peak_heap_mb']:12.1f}")
print("hot-key run (16 threads, 100 keys, -Xmx64m)   calls   calls/s   peak heap MB")
for sec in (10, 60):
    j = json.load(open(f"{d}/hot{sec}/summary.json")); s = j["strategies"][0]
    print(f"{sec:3d} s {'':36} {s['calls']:8d} {s['throughput_ops_s']:9.0f} {j['harness_peak_heap_mb']:12.1f}")
PY
