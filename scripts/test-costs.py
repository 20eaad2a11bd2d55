#!/usr/bin/env python3
"""What each test class cost in the last `./mvnw -B verify`, from target/surefire-reports: a markdown table,
longest first, with the total. docs/tests.md quotes it.
    python3 scripts/test-costs.py [REPORTS-DIR]"""
import glob
import os
import re
import sys

reports = sys.argv[1] if len(sys.argv) > 1 else "target/surefire-reports"
rows = []
for f in glob.glob(os.path.join(reports, "TEST-*.xml")):
    head = open(f, encoding="utf-8").read(4000)
    m = re.search(r'<testsuite [^>]*name="([^"]+)" time="([\d.]+)" tests="(\d+)" errors="(\d+)" skipped="(\d+)" '
                  r'failures="(\d+)"', head)
    if m:
        rows.append((float(m.group(2)), m.group(1).replace("dev.dbrace.", ""), int(m.group(3)), int(m.group(5))))
rows.sort(reverse=True)
total = sum(r[0] for r in rows)
print("| test class | tests | seconds | share |")
print("|---|---:|---:|---:|")
for seconds, name, tests, skipped in rows:
    print(f"| `{name}` | {tests}{f' ({skipped} skipped)' if skipped else ''} | {seconds:.1f} | {100 * seconds / total:.1f} % |")
print(f"| **all {len(rows)} classes** | **{sum(r[2] for r in rows)}** | **{total:.0f}** | |")
