#!/usr/bin/env bash
# How long explain --all takes, how many runs it makes against the classes of equivalent orders there are, and
# its runs per second: dbrace's strategies on the embedded servers, and code nobody here wrote on the MariaDB
# service (Django's get_or_create with the seed's re-get, and the same in a request handler that loads the owner
# first, on the example team's own table), with 2 and 3 sessions, merged (the default for 3) or not.
#   scripts/bench-explore.sh                  # this tree's dbrace
#   scripts/bench-explore.sh --jar OLD.jar    # the same rows with another build, for a before/after
#   DBRACE_JAVA_OPTS=-XX:+UseParallelGC scripts/bench-explore.sh   # this tree with C2 as well (explain ran so until
#                                                                  # scripts/dbrace chose C1 alone for it)
# Each row: runs (cut short included), classes of orders (where the build reports them), outcome combinations,
# whether it finished, the exploration's own time and its runs per second. Needs python3-django and
# python3-mysqldb for the Django rows, and the MariaDB service on 127.0.0.1:3306.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar=""
if [[ "${1:-}" == "--jar" ]]; then jar="$2"; fi
label="${jar:+$(basename "$jar" .jar)-}"
out="$root/results/bench-explore-${label}$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
dbrace() {
    # the other build with the JVM options scripts/dbrace gives explain (C1, the parallel collector): only then compare
    # shellcheck disable=SC2086
    if [[ -n "$jar" ]]; then java ${DBRACE_JAVA_OPTS--XX:+UseParallelGC -XX:TieredStopAtLevel=1} -jar "$jar" "$@"
    else "$root/scripts/dbrace" "$@"; fi
}
dbrace --version >/dev/null    # builds the jar first, outside the timings
# the JVM's options as scripts/dbrace picks them for explain, unless DBRACE_JAVA_OPTS says otherwise
echo "JVM options: ${DBRACE_JAVA_OPTS-default for explain (scripts/dbrace)}" >"$out/jvm.txt"
# shellcheck source-path=SCRIPTDIR source=bench/django-rows.sh
source "$root/scripts/bench/django-rows.sh"
row() {
    local name="$1"; shift
    local start end
    start=$(date +%s.%N)
    dbrace explain "$@" --format json >"$out/$name.json" 2>"$out/$name.err" || true
    end=$(date +%s.%N)
    echo "$name $(echo "$end - $start" | bc)" >>"$out/times.txt"
}
row naive-2-mariadb --all -s naive -i repeatable-read --db embedded-mariadb
row naive-2-mariadb-merged --all -s naive -i repeatable-read --db embedded-mariadb --prune
row naive-3-mariadb-merged --all --sessions 3 -s naive -i repeatable-read --db embedded-mariadb
row locking-reread-3-mariadb-merged --all --sessions 3 -s locking-reread -i repeatable-read --db embedded-mariadb
row create-or-find-3-mariadb-merged --all --sessions 3 -s create-or-find -i repeatable-read --db embedded-mariadb
row create-or-find-3-postgres-merged --all --sessions 3 -s create-or-find -i repeatable-read --db embedded-postgres
row django-seed-2-service --all "${seed_worker[@]}" -i repeatable-read "${service[@]}"
row django-seed-3-service --all --sessions 3 "${seed_worker[@]}" \
    -i repeatable-read "${service[@]}"
row django-owner-first-2-service --all "${owner_first[@]}" -i repeatable-read "${service[@]}"
row django-owner-first-3-service --all --sessions 3 "${owner_first[@]}" -i repeatable-read "${service[@]}"
python3 - "$out" <<'PY' | tee "$out/result.md"
import json, sys
d = sys.argv[1]
times = dict(l.split() for l in open(f"{d}/times.txt"))
print(open(f"{d}/jvm.txt").read())
print("| exploration | server | merged | runs | classes | outcome combinations | finished | exploring | runs/s |")
print("|---|---|---|---:|---:|---:|---|---:|---:|")
for name, t in times.items():
    try:
        e = json.load(open(f"{d}/{name}.json"))
    except ValueError:
        print(f"| {name} | failed: {open(f'{d}/{name}.err').read().strip()[:120]} | | | | | | | |")
        continue
    runs = e["explored"] + e["redundant_runs"]
    secs = e["elapsed_ms"] / 1000
    done = "all" if e["complete"] else ("sampled" if "sampled" in e else "cut")
    print(f"| {name} | {e['product']} {e['server_version']} | {'yes' if e['pruned'] else 'no'} | {runs} "
          f"| {e.get('classes', '–')} | {len(e['pairs'])} | {done} | {secs:.1f} s | {runs / secs:.0f} |")
PY
