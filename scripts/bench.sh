#!/usr/bin/env bash
# The standing benchmarks in one go (about 8 minutes on 2 cores), into one dated folder with one table:
# hot-key upsert against sysbench (MariaDB) and pgbench (PostgreSQL), 5 alternated pairs each; what the
# statement gate adds per statement; and explain --all's time for the seed's code. Not run in CI.
#   scripts/bench.sh        (the MariaDB and PostgreSQL services on 127.0.0.1; sysbench and pgbench installed)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/results/bench-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
"$root/scripts/dbrace" --version >/dev/null          # builds the jar first, outside the timings
BENCH_OUT="$out/sysbench" "$root/scripts/bench-sysbench.sh" 8 8 5 >/dev/null
BENCH_OUT="$out/pgbench" "$root/scripts/bench-pgbench.sh" 8 8 5 >/dev/null
BENCH_OUT="$out/gate" "$root/scripts/bench-gate.sh" 20000 >/dev/null
"$root/scripts/dbrace" explain --all -s naive -i repeatable-read --format json >"$out/explore-naive.json"
python3 - "$out" <<'PY' | tee "$out/result.md"
import datetime, json, os, platform, re, sys
d = sys.argv[1]
def median_row(f):
    line = next(l for l in open(f) if l.startswith("| **median**"))
    cells = [c.strip(" *") for c in line.strip().strip("|").split("|")]
    return cells
print(f"# dbrace's standing benchmarks, {datetime.date.today()}, {os.cpu_count()} cores, {platform.machine()}")
print()
print("| measure | dbrace | peer or target | script | folder |")
print("|---|---:|---:|---|---|")
for peer in ("sysbench", "pgbench"):
    c = median_row(f"{d}/{peer}/result.md")
    print(f"| hot-key upsert, calls/s (median of 5 pairs) | {c[2]} | {peer} {c[1]}: {c[3]} | scripts/bench-{peer}.sh | {peer}/ |")
    print(f"| client CPU µs per call | {c[5]} | {peer} {c[4]}: {c[6]} x (target ≤ 1.2) | scripts/bench-{peer}.sh | {peer}/ |")
for line in open(f"{d}/gate/result.md"):
    m = re.match(r"\| (mysql|postgresql) \|.*\| ([\d.]+) \|$", line.strip())
    if m:
        print(f"| statement gate's p50 cost on {m.group(1)}, µs | +{m.group(2)} | target ≤ 50 | scripts/bench-gate.sh | gate/ |")
e = json.load(open(f"{d}/explore-naive.json"))
print(f"| explain --all -s naive -i repeatable-read (embedded MariaDB): interleavings, ms | {e['explored']}, "
      f"{e['elapsed_ms']} | complete: {e['complete']} | scripts/bench.sh | explore-naive.json |")
PY
