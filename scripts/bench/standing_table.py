"""The one table of scripts/bench.sh, from its dated folder: python3 standing_table.py RESULTS_DIR"""
import datetime, json, os, platform, re, sys
d = sys.argv[1]
def median_row(f):
    line = next(l for l in open(f) if l.startswith("| **median**"))
    cells = [c.replace("**", "").strip() for c in line.strip().strip("|").split("|")]
    return cells
print(f"# dbrace's standing benchmarks, {datetime.date.today()}, {os.cpu_count()} cores, {platform.machine()}")
print()
print("| measure | dbrace | peer or target | script | folder |")
print("|---|---:|---:|---|---|")
for peer in ("sysbench", "pgbench"):
    c = median_row(f"{d}/{peer}/result.md")
    ratio = c[3].replace(" (", " × (", 1)
    print(f"| hot-key upsert, calls/s (median of 5 pairs; target ≥ 1.0 ×) | {c[2]} | {peer} {c[1]}: {ratio} | scripts/bench-{peer}.sh | {peer}/ |")
    print(f"| client CPU µs per call | {c[5]} | {peer} {c[4]}: {c[6]} × (target ≤ 1.2) | scripts/bench-{peer}.sh | {peer}/ |")
for line in open(f"{d}/gate/result.md"):
    m = re.match(r"\| (mysql|postgresql) \|.*\| ([\d.]+) \|$", line.strip())
    if m:
        print(f"| statement gate's p50 cost on {m.group(1)}, µs | +{m.group(2)} | target ≤ 50 | scripts/bench-gate.sh | gate/ |")
e = json.load(open(f"{d}/explore-naive.json"))
print(f"| explain --all -s naive -i repeatable-read (embedded MariaDB): interleavings, ms | {e['explored']}, "
      f"{e['elapsed_ms']} | complete: {e['complete']} | scripts/bench.sh | explore-naive.json |")
