#!/usr/bin/env bash
# What a run of explain --all costs in CPU, every process counted, and so how many runs a second this machine's cores
# could give at best, however the runs were spread over them: the two Django rows of bench-explore.sh (3 sessions,
# MariaDB service, REPEATABLE READ), and the team's function alone, straight to the server (no gate, no explorer),
# as the part of a run no explorer can take away. Run it on an otherwise idle machine: the machine's busy time comes
# from /proc/stat, so anything else running is counted too.
#   scripts/bench-explore-cpu.sh [CALLS]       # CALLS of the function alone, each way (default 1,000)
# One dated folder with result.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
calls="${1:-1000}"
out="$root/results/bench-explore-cpu-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
"$root/scripts/dbrace" --version >/dev/null           # builds the jar first, outside the measures
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 2; }
hz="$(getconf CLK_TCK)"
cores="$(nproc)"
server="$(pgrep -x mariadbd | head -1)"
[[ -n "$server" ]] || { echo "no mariadbd process: the MariaDB service must run on this machine" >&2; exit 2; }
# busy (user, nice, system, irq, softirq, steal) jiffies of the whole machine; the server's own user + system
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
served() { awk '{print $14 + $15}' "/proc/$server/stat"; }
# measure NAME COMMAND...: wall seconds, machine busy seconds, the server's seconds and the command's own
# (with its children: the explorer's workers, or the Python process), one line in cpu.tsv
measure() {
    local name="$1"; shift
    local b0 s0 t0 b1 s1 t1
    b0=$(busy); s0=$(served); t0=$(date +%s.%N)
    # an exploration cut short by its budget exits 1: its figures are still wanted
    /usr/bin/time -f "%U %S" -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err" || true
    t1=$(date +%s.%N); s1=$(served); b1=$(busy)
    read -r user sys < <(tail -1 "$out/$name.time")      # after "Command exited with non-zero status", if any
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$(echo "$t1 - $t0" | bc)" "$(echo "($b1 - $b0) / $hz" | bc -l)" \
        "$(echo "($s1 - $s0) / $hz" | bc -l)" "$(echo "$user + $sys" | bc)" >>"$out/cpu.tsv"
}
# shellcheck source-path=SCRIPTDIR source=bench/django-rows.sh
source "$root/scripts/bench/django-rows.sh"
# the JVM's and the workers' start and one run: taken off the rows below, whose runs are what the ceiling is about
measure start "$root/scripts/dbrace" explain --all --sessions 3 -i repeatable-read "${service[@]}" --format json \
    --out "$out/start" \
    "${seed_worker[@]}" --max-interleavings 1
measure seed "$root/scripts/dbrace" explain --all --sessions 3 -i repeatable-read "${service[@]}" --format json \
    --out "$out/seed" \
    "${seed_worker[@]}"
measure owner-first "$root/scripts/dbrace" explain --all --sessions 3 -i repeatable-read "${service[@]}" --format json \
    --out "$out/owner-first" \
    "${owner_first[@]}"
measure direct /usr/bin/python3 "$root/scripts/bench/django_direct.py" create_or_update_myobj "$calls"
python3 - "$out" "$cores" "$calls" <<'PY' | tee "$out/result.md"
import json, sys
d, cores, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = {l.split("\t")[0]: [float(x) for x in l.split("\t")[1:]] for l in open(f"{d}/cpu.tsv")}
print(f"# explain --all: CPU a run, every process counted ({cores} cores)\n")
print("| row | runs | exploring s | machine busy s | of which MariaDB s | dbrace and its workers s | CPU ms a run "
      "| runs/s | at most runs/s on these cores |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
start = rows["start"][1]
for name in ("seed", "owner-first"):
    wall, machine, server, own = rows[name]
    e = json.load(open(f"{d}/{name}.out"))
    runs = e["explored"] + e["redundant_runs"]
    per_run = (machine - start) / (runs - 1) * 1000
    print(f"| {name} | {runs} | {e['elapsed_ms'] / 1000:.1f} | {machine:.1f} | {server:.1f} | {own:.1f} | {per_run:.1f} "
          f"| {runs / (e['elapsed_ms'] / 1000):.0f} | {cores * 1000 / per_run:.0f} |")
print(f"\nThe start (the JVM, the workers, one run; `--max-interleavings 1`): machine busy {start:.1f} s, taken off each "
      "row before dividing by its other runs. Wall is the exploration's own time (`elapsed_ms`).")
wall, machine, server, own = rows["direct"]
# the function alone: `calls` creating calls, then `calls` finding ones; a run of three sessions makes one of each
# kind and a third call (a find, or a DoesNotExist after a failed insert), so three calls at the mean is its cost
per_call = machine / (2 * calls) * 1000
print(f"\nThe function alone (scripts/bench/django_direct.py create_or_update_myobj {calls}, Python's start included): "
      f"{2 * calls} calls, {wall:.1f} s, machine busy {machine:.1f} s (MariaDB {server:.1f} s), "
      f"{per_call:.2f} ms of CPU a call, so {3 * per_call:.1f} ms for the three calls of a run: "
      f"at most {cores * 1000 / (3 * per_call):.0f} runs/s on {cores} cores with no gate and no explorer at all.")
print()
print(open(f"{d}/direct.out").read().strip())
PY
rm -rf "$out/start" "$out/seed" "$out/owner-first"       # explain's folders: each row's JSON is its .out
