#!/usr/bin/env bash
# What the statement gate costs per statement on loopback (issue 21: at most 50 µs at p50), on the MariaDB
# and PostgreSQL services: a prepared SELECT 1, straight and through the gate, in alternating blocks.
#   scripts/bench-gate.sh [STATEMENTS]     (default 50,000 per path)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-50000}"
out="${BENCH_OUT:-$root/results/bench-gate-$(date +%Y%m%d-%H%M%S)}"; mkdir -p "$out"
"$root/scripts/dbrace" --version >/dev/null       # builds target/dbrace.jar when needed
{
    echo "| server | statements a path | straight p50 / p90 / p99 µs | through the gate p50 / p90 / p99 µs | gate's p50 cost µs |"
    echo "|---|---:|---:|---:|---:|"
    java -cp "$root/target/dbrace.jar:$root/target/lib/*" "$root/scripts/bench/GateOverhead.java" \
        jdbc:mysql://127.0.0.1:3306/test root "$n"
    java -cp "$root/target/dbrace.jar:$root/target/lib/*" "$root/scripts/bench/GateOverhead.java" \
        jdbc:postgresql://127.0.0.1:5432/test postgres "$n"
    echo
    echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m); scripts/bench-gate.sh $n"
} | tee "$out/result.md"
