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
root="$(cd "$(dirname "$0")/.." && pwd)"
threads="${1:-8}"; seconds="${2:-10}"; repeats="${3:-5}"; warmup=5000
command -v sysbench >/dev/null || { echo "sysbench is missing: apt-get install sysbench" >&2; exit 2; }
"$root/scripts/dbrace" --version >/dev/null          # builds the jar when needed
out="${BENCH_OUT:-$root/results/bench-sysbench-$(date +%Y%m%d-%H%M%S)}"; mkdir -p "$out"
echo "threads=$threads seconds=$seconds repeats=$repeats dbrace_warmup=$warmup" | tee "$out/config.txt"
sb=(sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3306 --mysql-user=root --mysql-db=test
    --threads="$threads" "$root/scripts/bench/upsert-hotkeys.lua")
for i in $(seq 1 "$repeats"); do
    "${sb[@]}" prepare >/dev/null
    /usr/bin/time -f "cpu %U %S" -o "$out/sysbench-$i.time" "${sb[@]}" --time="$seconds" run >"$out/sysbench-$i.txt"
    "${sb[@]}" cleanup >/dev/null
    python3 - "$out/sysbench-$i.txt" "$out/sysbench-$i.time" <<'PY' | tee -a "$out/sysbench.txt"
import re, sys
text = open(sys.argv[1]).read()
tx = int(re.search(r"transactions:\s+(\d+)", text).group(1))
tps = float(re.search(r"transactions:\s+\d+\s+\(([\d.]+) per sec", text).group(1))
user, sys_ = (float(x) for x in open(sys.argv[2]).read().split()[1:3])
print(f"{tps:.1f} {1e6 * (user + sys_) / tx:.1f}")
PY
    "$root/scripts/dbrace" run --url jdbc:mysql://127.0.0.1:3306/test -s upsert --keys 1000 -t "$threads" \
        --duration "${seconds}s" --warmup "$warmup" -q --out "$out/dbrace-$i" >/dev/null
    python3 - "$out/dbrace-$i/summary.json" <<'PY' | tee -a "$out/dbrace.txt"
import json, sys
s = json.load(open(sys.argv[1]))["strategies"][0]
print(s["throughput_ops_s"], s["client_cpu_us_per_call"])
PY
done
python3 "$root/scripts/bench/peer_table.py" "$out" sysbench "sysbench" | tee "$out/result.md"
