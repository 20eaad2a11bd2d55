#!/usr/bin/env bash
# Where the client's CPU goes in the hot-key upsert, dbrace against sysbench: user and system CPU per call over a
# steady window (after dbrace's warm-up and the JIT), from /proc/PID/stat, and the system calls per call from
# strace -c over a shorter window. Usage: scripts/bench-cpu-split.sh [THREADS] [WINDOW_SECONDS] [EXTRA_URL_PARAMS]
# Writes results/bench-cpu-split-<date>/result.md. Needs sysbench and strace; the MariaDB service on 3306.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
threads="${1:-8}"; window="${2:-5}"; params="${3:-}"
command -v sysbench >/dev/null || { echo "sysbench is missing: apt-get install sysbench" >&2; exit 2; }
command -v strace >/dev/null || { echo "strace is missing: apt-get install strace" >&2; exit 2; }
"$root/scripts/dbrace" --version >/dev/null          # builds the jar when needed
out="$root/results/bench-cpu-split-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
hz="$(getconf CLK_TCK)"
ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }
# dbrace_run SECONDS; sysbench_run SECONDS: the same hot-key upsert, in the background; PID is the client's process
dbrace_run() {
    java -XX:+UseParallelGC -jar "$root/target/dbrace.jar" run --url "jdbc:mysql://127.0.0.1:3306/test$params" --user root \
        -s upsert --keys 1000 -t "$threads" --duration "$1s" --warmup 5000 -q --out "$out/dbrace-$1" >/dev/null 2>&1 &
    PID=$!
}
sb=(sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=3306 --mysql-user=root --mysql-db=test
    --threads="$threads" "$root/scripts/bench/upsert-hotkeys.lua")
sysbench_run() {
    "${sb[@]}" --time="$1" run >"$out/sysbench-$1.txt" 2>&1 &
    PID=$!
}
"${sb[@]}" prepare >/dev/null
trap '"${sb[@]}" cleanup >/dev/null 2>&1 || true' EXIT
run_for=$((window + 20))
for name in dbrace sysbench; do
    # CPU: ticks over the window, 10 s in (dbrace's warm-up is over by then), in a run no tracer slows
    "${name}_run" "$run_for"; sleep 10
    a=$(ticks "$PID"); sleep "$window"; b=$(ticks "$PID")
    echo "$a $b" > "$out/$name-ticks.txt"; wait "$PID"
    # system calls: strace -c for 2 s in a second run
    "${name}_run" 15; sleep 10
    timeout 2 strace -f -qq -c -p "$PID" -o "$out/$name-strace.txt" || true
    wait "$PID"
done
python3 - "$out" "$hz" "$window" <<'EOF'
import json, re, sys
out, hz, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rate = {"dbrace": json.load(open(f"{out}/dbrace-{window + 20}/summary.json"))["strategies"][0]["throughput_ops_s"],
        "sysbench": float(re.search(r"transactions:\s+\d+\s+\(([\d.]+)", open(f"{out}/sysbench-{window + 20}.txt").read()).group(1))}
# a call writes twice (the statement, COMMIT) for both clients, so writes / 2 counts the calls strace saw
rows = ["| client | calls/s | user µs/call | system µs/call | system calls/call (strace, 2 s) |", "|---|---:|---:|---:|---:|"]
for name in ("dbrace", "sysbench"):
    u0, s0, u1, s1 = (int(x) for x in open(f"{out}/{name}-ticks.txt").read().split())
    text = open(f"{out}/{name}-strace.txt").read()
    writes = sum(int(m.group(1)) for m in re.finditer(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(?:write|sendto)$", text, re.M))
    total = int(re.search(r"^\s*100\.00\s+[\d.]+\s+\d+\s+(\d+)", text, re.M).group(1))
    calls = rate[name] * window  # the run's mean rate stands for the window's
    rows.append(f"| {name} | {rate[name]:.0f} | {1e6 * (u1 - u0) / hz / calls:.1f} | {1e6 * (s1 - s0) / hz / calls:.1f} "
                f"| {total / (writes / 2):.1f} |")
open(f"{out}/result.md", "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
EOF
