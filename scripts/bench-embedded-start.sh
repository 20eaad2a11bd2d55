#!/usr/bin/env bash
# What starting the embedded MariaDB costs a run: the smallest race (naive, 2 threads, 1 round) on the embedded
# default, N times each way, alternated: this build with its data directory template in the cache, this build with
# the template moved away first (it installs, as every start did before), and, given OLD.jar, an older build.
# Prints wall and CPU seconds per run (the JVM and its mariadbd; /usr/bin/time counts waited-for children) and
# writes them to results/bench-embedded-start-<time>/.
#   scripts/bench-embedded-start.sh [N] [OLD.jar]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-5}"
old="${2:-}"
jar="$root/target/dbrace.jar"
[[ -f "$jar" ]] || (cd "$root" && ./mvnw -B -q package -DskipTests -Ddbrace.quick)
[[ -z "$old" || -f "$old" ]] || { echo "no such jar: $old" >&2; exit 2; }
home="${DBRACE_HOME:-$HOME/.cache/dbrace}"
template="$home/mariadb-11.4.5/data-template"
out="$root/results/bench-embedded-start-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-start.XXXXXX")"
trap 'rm -rf "$work"' EXIT

once() {    # label jar
    /usr/bin/time -f "$1 %e %U %S" -o "$work/time" java -XX:+UseParallelGC -jar "$2" run -s naive -t 2 -r 1 -q \
        --out "$work/run" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    cat "$work/time" | tee -a "$out/runs.tsv"
}

echo "label wall_s user_s sys_s" >"$out/runs.tsv"
once warm-up "$jar" >/dev/null        # unpacks the binaries and saves the template if either is missing
for i in $(seq 1 "$n"); do
    once template "$jar"
    mv "$template" "$work/template"
    once install "$jar"
    rm -rf "$template"
    mv "$work/template" "$template"
    if [[ -n "$old" ]]; then
        once old "$old"
    fi
done
{
    echo "| start | runs | wall s (median) | CPU s (median) |"
    echo "|---|---:|---:|---:|"
    for label in template install old; do
        awk -v l="$label" '$1 == l { print $2, $3 + $4 }' "$out/runs.tsv" | sort -n >"$work/$label"
        [[ -s "$work/$label" ]] || continue
        runs=$(wc -l <"$work/$label")
        wall=$(cut -d' ' -f1 "$work/$label" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        cpu=$(cut -d' ' -f2 "$work/$label" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        echo "| $label | $runs | $wall | $cpu |"
    done
} | tee "$out/summary.md"
echo "results: $out"
