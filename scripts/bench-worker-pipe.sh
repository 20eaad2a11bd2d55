#!/usr/bin/env bash
# What the worker protocol's pipe costs, and whether it blunts the race. Two measurements:
#  1. a no-op worker (scripts/bench/noop_worker.py: no database work) at 4 threads: its latency is
#     what the pipe and the protocol add per call, both ends included. Target: p50 <= 100 us.
#  2. the seed's sequence as a Python worker with mysqlclient (examples/reference/reference_worker.py)
#     against built-in naive, at REPEATABLE READ, 2, 4 and 8 threads, alternated REPEATS times:
#     DoesNotExist per round, worker / built-in. Target: >= 0.9.
#   scripts/bench-worker-pipe.sh [JDBC-URL] [ROUNDS] [REPEATS]
# Needs /usr/bin/python3 with Debian's python3-mysqldb. Default URL: the MariaDB service on 3306.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
url="${1:-jdbc:mysql://127.0.0.1:3306/test}"
rounds="${2:-1000}"; repeats="${3:-3}"
"$root/scripts/dbrace" --version >/dev/null          # builds the jar when needed
out="$root/results/bench-worker-pipe-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
echo "url=$url rounds=$rounds repeats=$repeats cores=$(nproc)" | tee "$out/config.txt"
cd "$root"
for i in $(seq 1 "$repeats"); do
    scripts/dbrace run -q --url "$url" --worker "/usr/bin/python3 scripts/bench/noop_worker.py" --worker-name noop \
        -t 4 -r 5000 --warmup 500 --out "$out/noop-$i" >/dev/null
done
for t in 2 4 8; do
    for i in $(seq 1 "$repeats"); do
        scripts/dbrace run -q --url "$url" -s naive --worker "/usr/bin/python3 examples/reference/reference_worker.py" \
            --worker-name python-seed -i repeatable-read -t "$t" -r "$rounds" --warmup 50 --out "$out/race-t$t-$i" >/dev/null
    done
done
python3 - "$out" "$repeats" <<'PY' | tee "$out/result.txt"
import json, statistics, sys
d, repeats = sys.argv[1], int(sys.argv[2])
def rows(path):
    return {r["strategy"]: r for r in json.load(open(path))["strategies"]}
p50 = [rows(f"{d}/noop-{i}/summary.json")["noop"]["latency_us"]["p50"] for i in range(1, repeats + 1)]
p99 = [rows(f"{d}/noop-{i}/summary.json")["noop"]["latency_us"]["p99"] for i in range(1, repeats + 1)]
print(f"no-op worker, 4 threads: p50 {statistics.median(p50):.0f} us, p99 {statistics.median(p99):.0f} us "
      f"(median of {repeats} runs of 20000 calls; target p50 <= 100 us)")
print("threads  naive DNE/round  python-seed DNE/round  ratio (target >= 0.9)   per run")
for t in (2, 4, 8):
    ratios, built, worker = [], [], []
    for i in range(1, repeats + 1):
        r = rows(f"{d}/race-t{t}-{i}/summary.json")
        b = r["naive"]["outcomes"]["does_not_exist"] / r["naive"]["rounds"]
        w = r["python-seed"]["outcomes"]["does_not_exist"] / r["python-seed"]["rounds"]
        built.append(b); worker.append(w); ratios.append(w / b if b else float("nan"))
    print(f"{t:7d}  {statistics.median(built):15.3f}  {statistics.median(worker):21.3f}  "
          f"{statistics.median(ratios):6.2f}                  {' '.join(f'{x:.2f}' for x in ratios)}")
PY
