#!/usr/bin/env bash
# Harness overhead: dbrace's upsert strategy against a minimal hand-written JDBC loop doing the same
# statements with the same threads and key pattern, on the same MariaDB. Alternates the two, several
# times, and reports the medians. Target: dbrace >= 95 % of the loop's calls/s, and < 5 % added to p50.
#   scripts/bench-overhead.sh [JDBC-URL] [THREADS] [ROUNDS] [REPEATS]
# Default URL: the MariaDB service on 127.0.0.1:3306 (so both sides race the very same server).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
url="${1:-jdbc:mysql://127.0.0.1:3306/test}"
threads="${2:-8}"; rounds="${3:-4000}"; repeats="${4:-5}"; warmup=500
"$root/scripts/dbrace" --version >/dev/null          # builds the jar and target/lib when needed
out="$root/results/bench-overhead-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
echo "url=$url threads=$threads rounds=$rounds warmup=$warmup repeats=$repeats" | tee "$out/config.txt"
for i in $(seq 1 "$repeats"); do
    java -cp "$root/target/lib/*" "$root/scripts/bench/BaselineLoop.java" "$url" "$threads" "$rounds" "$warmup" \
        | tee -a "$out/baseline.txt"
    "$root/scripts/dbrace" run --url "$url" -s upsert -t "$threads" -r "$rounds" --warmup "$warmup" -q \
        --out "$out/dbrace-$i" >/dev/null
    python3 - "$out/dbrace-$i/summary.json" <<'PY' | tee -a "$out/dbrace.txt"
import json, sys
s = json.load(open(sys.argv[1]))["strategies"][0]
print(s["calls"], s["wall_ms"] / 1000, s["throughput_ops_s"], s["latency_us"]["p50"], s["latency_us"]["p99"])
PY
done
python3 - "$out" <<'PY' | tee "$out/result.txt"
import statistics, sys
d = sys.argv[1]
def load(f):
    rows = [l.split() for l in open(f"{d}/{f}") if l.strip()]
    return statistics.median(float(r[2]) for r in rows), statistics.median(float(r[3]) for r in rows), statistics.median(float(r[4]) for r in rows)
b_ops, b_p50, b_p99 = load("baseline.txt")
h_ops, h_p50, h_p99 = load("dbrace.txt")
print(f"baseline JDBC loop : {b_ops:8.0f} calls/s  p50 {b_p50:6.0f} us  p99 {b_p99:6.0f} us (median of runs)")
print(f"dbrace upsert      : {h_ops:8.0f} calls/s  p50 {h_p50:6.0f} us  p99 {h_p99:6.0f} us")
print(f"dbrace / baseline  : {100 * h_ops / b_ops:5.1f} % of calls/s (target >= 95 %), p50 {100 * (h_p50 / b_p50 - 1):+5.1f} % (target < +5 %)")
PY
