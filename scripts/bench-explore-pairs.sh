#!/usr/bin/env bash
# explain --all of this tree against another build, in alternated pairs on the same day, with the same JVM options
# (the ones scripts/dbrace starts explain with: C1 alone and the parallel collector, unless DBRACE_JAVA_OPTS says
# otherwise), on the two Django rows of bench-explore.sh (3 sessions, MariaDB service, REPEATABLE READ). Figures
# measured hours or days apart on this machine have differed by up to 2x for the same build; only pairs compare.
#   scripts/bench-explore-pairs.sh OLD.jar [PAIRS [LABEL]]   # default 2 pairs; LABEL names the old build (a commit);
#                                                           # OLD.jar needs its lib/ folder beside it
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
old="${1:?usage: scripts/bench-explore-pairs.sh OLD.jar [PAIRS [LABEL]]}"
[[ -f "$old" && -d "$(dirname "$old")/lib" ]] || { echo "no $old, or no lib/ folder beside it" >&2; exit 2; }
pairs="${2:-2}"
label="${3:-$old}"
out="$root/results/bench-explore-pairs-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
"$root/scripts/dbrace" --version >/dev/null
opts="${DBRACE_JAVA_OPTS--XX:+UseParallelGC -XX:TieredStopAtLevel=1}"
echo "JVM options: $opts; old: $label; new: this tree ($(git -C "$root" rev-parse --short HEAD))" >"$out/jvm.txt"
# shellcheck source-path=SCRIPTDIR source=bench/django-rows.sh
source "$root/scripts/bench/django-rows.sh"
for pair in $(seq 1 "$pairs"); do
    order="old new"
    if (( pair % 2 == 0 )); then order="new old"; fi      # ABBA: neither build always goes first
    for build in $order; do
        jar="$old"
        if [[ $build == new ]]; then jar="$root/target/dbrace.jar"; fi
        # shellcheck disable=SC2086
        java $opts -jar "$jar" explain --all --sessions 3 -i repeatable-read "${service[@]}" --format json \
            "${seed_worker[@]}" >"$out/seed-$build-$pair.json" 2>"$out/seed-$build-$pair.err"
        # shellcheck disable=SC2086
        java $opts -jar "$jar" explain --all --sessions 3 -i repeatable-read "${service[@]}" --format json \
            "${owner_first[@]}" >"$out/owner-first-$build-$pair.json" 2>"$out/owner-first-$build-$pair.err"
    done
done
# explain writes its pages into results/<time>-explain: the ones these runs wrote go
find "$root/results" -maxdepth 1 -name "20*-explain" -newer "$out/jvm.txt" -exec rm -rf {} +
python3 - "$out" "$pairs" <<'PY' | tee "$out/result.md"
import json, statistics, sys
d, pairs = sys.argv[1], int(sys.argv[2])
print(open(f"{d}/jvm.txt").read())
print("| exploration | build | runs | classes | combinations | seconds (pairs) | median s | runs/s |")
print("|---|---|---:|---:|---:|---|---:|---:|")
for row in ("seed", "owner-first"):
    for build in ("old", "new"):
        es = [json.load(open(f"{d}/{row}-{build}-{p}.json")) for p in range(1, pairs + 1)]
        secs = [e["elapsed_ms"] / 1000 for e in es]
        runs = es[0]["explored"] + es[0]["redundant_runs"]
        m = statistics.median(secs)
        print(f"| {row}, 3 sessions | {build} | {runs} | {es[0].get('classes', '–')} | {len(es[0]['pairs'])} "
              f"| {', '.join(f'{s:.1f}' for s in secs)} | {m:.1f} | {runs / m:.0f} |")
PY
