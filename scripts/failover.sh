#!/usr/bin/env bash
# Races through a failover, several times per case: --db patroni (asynchronous) and patroni:sync (Patroni's
# synchronous_mode), mariadb-failover asynchronous and semi-synchronous at each wait point (the replica promoted by
# dbrace's runbook), naive and upsert at READ COMMITTED, 8 threads, the primary killed 5 s in, 5 s more after the
# failover. Each run
# is a results folder of its own (summary.json, report.html); table.md sums them up: when the kill struck, how long
# no call begun after it succeeded, calls by window, and the history check (acknowledged creates lost, keys given
# two ids, found ids gone, calls in doubt).
#   scripts/failover.sh [--runs N] [--threads N] [--dbs LIST] [--out DIR]     # 3 runs a case: about 13 minutes
# Needs Debian's patroni, etcd-server, haproxy, postgresql-15 and mariadb-server (.ci/run installs them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs=3 threads=8 out=""
dbs="patroni patroni:sync mariadb-failover mariadb-failover:semisync-after-commit mariadb-failover:semisync-after-sync"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --dbs) dbs="${2//,/ }"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "failover.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
out="${out:-$root/results/failover-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
cd "$root"
scripts/dbrace --version >"$out/dbrace-version.txt"
for db in $dbs; do
    for s in naive upsert; do
        for i in $(seq 1 "$runs"); do
            dir="$out/${db/:/-}-$s-$i"
            echo "failover.sh: $db $s run $i" >&2
            # exit 1 is a failed verification (a loss the history check found): a finding, kept in the table
            scripts/dbrace run --db "$db" -s "$s" -i read-committed -t "$threads" --fault kill-primary@5s --after-fault 5s --out "$dir" -q \
                >"$dir.txt" 2>&1 || [ $? -eq 1 ] || { echo "failover.sh: $db $s run $i failed; see $dir.txt" >&2; exit 1; }
        done
    done
done
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
rows = ["| topology | strategy | run | struck at s | no success for s | calls before / during / after | lost creates | two ids | found gone | in doubt |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|---:|"]
for name in sorted(os.listdir(out)):
    f = os.path.join(out, name, "summary.json")
    if not os.path.isfile(f):
        continue
    r = json.load(open(f))["strategies"][0]
    fo = r["failover"]
    n = lambda k: sum(fo["history_check"].get(k, {}).values())
    c = fo["calls_by_window"]
    gap = (fo["healed_ms"] - fo["struck_ms"]) / 1000 if fo["healed_ms"] >= 0 else float("nan")
    topo, strategy, run = name.rsplit("-", 2)
    topo = topo.replace("patroni-", "patroni:").replace("failover-", "failover:")
    rows.append(f"| {topo} | {strategy} | {run} | {fo['struck_ms'] / 1000:.1f} | {gap:.1f} | "
                f"{c['before']} / {c['during']} / {c['after']} | {n('lost_create')} | {n('created_twice')} | "
                f"{n('found_gone')} | {n('unknown')} |")
open(os.path.join(out, "table.md"), "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
PY
