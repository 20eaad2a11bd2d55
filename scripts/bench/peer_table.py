"""One markdown table of dbrace's hot-key upsert against its C peer: each alternated pair, then the medians.
Usage: python3 peer_table.py RESULTS_DIR PEER_FILE_STEM "PEER LABEL"   (reads STEM.txt and dbrace.txt: tps cpu_us)"""
import datetime
import os
import platform
import statistics
import sys

d, stem, label = sys.argv[1:4]


def rows(name):
    return [tuple(float(x) for x in line.split()) for line in open(os.path.join(d, name)) if line.strip()]


peer, ours = rows(stem + ".txt"), rows("dbrace.txt")
print(f"| pair | {label} calls/s | dbrace calls/s | ratio | {label} CPU µs/call | dbrace CPU µs/call | CPU ratio |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for i, ((p_tps, p_cpu), (d_tps, d_cpu)) in enumerate(zip(peer, ours), 1):
    print(f"| {i} | {p_tps:.0f} | {d_tps:.0f} | {d_tps / p_tps:.2f} | {p_cpu:.1f} | {d_cpu:.1f} | {d_cpu / p_cpu:.2f} |")
p_tps, p_cpu = statistics.median(r[0] for r in peer), statistics.median(r[1] for r in peer)
d_tps, d_cpu = statistics.median(r[0] for r in ours), statistics.median(r[1] for r in ours)
ratios = sorted(o[0] / p[0] for p, o in zip(peer, ours))
print(f"| **median** | **{p_tps:.0f}** | **{d_tps:.0f}** | **{d_tps / p_tps:.2f}** (pairs {ratios[0]:.2f}–{ratios[-1]:.2f}) "
      f"| **{p_cpu:.1f}** | **{d_cpu:.1f}** | **{d_cpu / p_cpu:.2f}** |")
print()
print(f"{datetime.date.today()}, {os.cpu_count()} cores, {platform.machine()}; {os.path.basename(d)}; "
      f"targets: ratio >= 1.0, CPU ratio <= 1.2")
