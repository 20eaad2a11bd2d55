#!/usr/bin/env bash
# Runs the Hibernate 7 races (src/test/java/dev/dbrace/hibernate/HibernateRaceTest.java) on the embedded
# MariaDB and PostgreSQL and prints the README's table from their result files.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rm -rf target/dbrace/hibernate
./mvnw -B -q test -Dtest=HibernateRaceTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
out="$root/results/hibernate-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
cp -r target/dbrace/hibernate/* "$out/"
find "$out" -name report.html -delete
python3 - "$out" <<'PY' | tee "$out/table.md"
import json, os, sys
d = sys.argv[1]
print("| pattern | database | isolation | created | found | DoesNotExist | session_unusable | other outcomes | verdict |")
print("|---|---|---|---:|---:|---:|---:|---|---|")
for run in sorted(os.listdir(d)):
    f = os.path.join(d, run, "summary.json")
    if not os.path.exists(f):
        continue
    for r in json.load(open(f))["strategies"]:
        o = r["outcomes"]
        rest = ", ".join(f"{k} {v}" for k, v in o.items()
                         if v and k not in ("created", "found", "does_not_exist", "session_unusable")) or "-"
        print(f"| {r['strategy']} | {r['product']} {r['server_version'].split('-')[0].split(' ')[0]} | {r['isolation']} | "
              f"{o['created']} | {o['found']} | {o['does_not_exist']} | {o['session_unusable']} | {rest} | {r['verdict']} |")
PY
