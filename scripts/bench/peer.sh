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
# peer_run PEER I TPS-PATTERN TX-PATTERN COMMAND…: runs the peer's side of pair I under /usr/bin/time, then appends its
# calls/s and user + system CPU per transaction (the patterns are grep -P's, \K before the number) to PEER.txt.
peer_run() {
    local peer="$1" i="$2" tps_re="$3" tx_re="$4"; shift 4
    /usr/bin/time -f "cpu %U %S" -o "$out/$peer-$i.time" "$@" >"$out/$peer-$i.txt" 2>&1
    python3 -c 'import sys; tps, tx = float(sys.argv[1]), int(sys.argv[2]); u, s = (float(x) for x in open(sys.argv[3]).read().split()[1:3]); print(f"{tps:.1f} {1e6 * (u + s) / tx:.1f}")' \
        "$(grep -oP "$tps_re" "$out/$peer-$i.txt")" "$(grep -oP "$tx_re" "$out/$peer-$i.txt")" "$out/$peer-$i.time" \
        | tee -a "$out/$peer.txt"
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
