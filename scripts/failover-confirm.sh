#!/usr/bin/env bash
# The second client behind docs/clusters.md's failover figures: runs PatroniFailoverTest's two asynchronous races
# (naive and upsert, the leader killed once 200 calls are answered; 8 threads, as scripts/failover.sh) N times. Each run reads the final table with
# Python's psycopg2 through the same HAProxy and asserts that the acknowledged ids psycopg2 does not find are exactly
# the creates the history check reports lost; confirmations.txt keeps each run's line.
#   scripts/failover-confirm.sh [--runs N] [--threads N] [--out DIR]      # 5 runs: about 5 minutes
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs=5 threads=8 out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "failover-confirm.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
out="${out:-$root/results/failover-confirm-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
cd "$root"
for i in $(seq 1 "$runs"); do
    echo "failover-confirm.sh: run $i" >&2
    ./mvnw -q -B -o test -Dtest='PatroniFailoverTest#asynchronous*+upsert*' -Dsurefire.failIfNoSpecifiedTests=false \
        -Ddbrace.failover.threads="$threads" \
        >"$out/mvn-$i.log" 2>&1 || { echo "failover-confirm.sh: run $i failed; see $out/mvn-$i.log" >&2; exit 1; }
    grep -h "second client:" target/surefire-reports/dev.dbrace.topology.PatroniFailoverTest-output.txt \
        | sed "s/^/run $i: /" >>"$out/confirmations.txt"
done
cat "$out/confirmations.txt"
