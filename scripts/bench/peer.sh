# Shared by scripts/bench-sysbench.sh and scripts/bench-pgbench.sh (sourced): the arguments, the results folder,
# dbrace's side of each pair, and the one table at the end. Each line of PEER.txt and dbrace.txt is
# "calls_per_second client_cpu_us_per_call".
# peer_setup NAME THREADS SECONDS PAIRS: sets root, threads, seconds, pairs, warmup and out.
peer_setup() {
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    threads="${2:-8}"; seconds="${3:-10}"; pairs="${4:-5}"; warmup=5000
    "$root/scripts/dbrace" --version >/dev/null          # builds the jar when needed
    out="${BENCH_OUT:-$root/results/bench-$1-$(date +%Y%m%d-%H%M%S)}"; mkdir -p "$out"
    echo "threads=$threads seconds=$seconds pairs=$pairs dbrace_warmup=$warmup" | tee "$out/config.txt"
}
# peer_line TPS TX TIMEFILE: the peer's calls/s and its user + system CPU per transaction (from /usr/bin/time).
peer_line() {
    python3 -c 'import sys; tps, tx = float(sys.argv[1]), int(sys.argv[2]); u, s = (float(x) for x in open(sys.argv[3]).read().split()[1:3]); print(f"{tps:.1f} {1e6 * (u + s) / tx:.1f}")' "$@"
}
# dbrace_side I URL USER: dbrace's hot-key upsert for the same threads and seconds, appended to dbrace.txt.
dbrace_side() {
    "$root/scripts/dbrace" run --url "$2" --user "$3" -s upsert --keys 1000 -t "$threads" --duration "${seconds}s" \
        --warmup "$warmup" -q --out "$out/dbrace-$1" >/dev/null
    python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["strategies"][0]; print(s["throughput_ops_s"], s["client_cpu_us_per_call"])' \
        "$out/dbrace-$1/summary.json" | tee -a "$out/dbrace.txt"
}
# peer_table PEER: each pair and the medians, as result.md.
peer_table() {
    python3 "$root/scripts/bench/peer_table.py" "$out" "$1" "$1" | tee "$out/result.md"
}
