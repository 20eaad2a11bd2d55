#!/usr/bin/env bash
# Where explain --all's time goes, stop by stop, on the two Django rows of bench-explore.sh (3 sessions, MariaDB
# service, REPEATABLE READ): each exploration runs with the explorer's clock on (-Ddbrace.explain.clock=true, which
# prints a histogram a part of a run on stderr), and the team's function is timed on its own, straight to the server,
# as the floor no explorer can go under (scripts/bench/django_direct.py). One dated folder with result.md.
#   scripts/bench-explore-profile.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/results/bench-explore-profile-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
"$root/scripts/dbrace" --version >/dev/null
export DBRACE_JAVA_OPTS="-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Ddbrace.explain.clock=true"
# shellcheck source-path=SCRIPTDIR source=bench/django-rows.sh
source "$root/scripts/bench/django-rows.sh"
"$root/scripts/dbrace" explain --all --sessions 3 -i repeatable-read "${service[@]}" --out "$out/seed" \
    "${seed_worker[@]}" >/dev/null 2>"$out/seed.err"
"$root/scripts/dbrace" explain --all --sessions 3 -i repeatable-read "${service[@]}" --out "$out/owner-first" \
    "${owner_first[@]}" \
    >/dev/null 2>"$out/owner-first.err"
rm -f "$out"/*/explain.html       # the pages; each exploration.json stays
/usr/bin/python3 "$root/scripts/bench/django_direct.py" create_or_update_myobj 300 >"$out/direct.txt"
/usr/bin/python3 "$root/scripts/bench/django_direct.py" create_or_update_myobj_after_loading_owner 300 >>"$out/direct.txt"
{
    echo "# explain --all, where a run's time goes ($(date -u +%Y-%m-%d), $(nproc) cores)"
    echo
    echo "JVM options: $DBRACE_JAVA_OPTS"
    for row in seed owner-first; do
        echo
        echo "## $row, 3 sessions, MariaDB service, REPEATABLE READ"
        echo
        echo '```'
        sed -n '/^explain clock:/,$p' "$out/$row.err" | { grep -v '^explain --all:' || true; }
        echo '```'
    done
    echo
    echo "## The team's functions alone, straight to the server (no gate, no explorer)"
    echo
    echo '```'
    cat "$out/direct.txt"
    echo '```'
} | tee "$out/result.md"
