#!/usr/bin/env bash
# Runs the Hibernate 7 races (src/test/java/dev/dbrace/hibernate/HibernateRaceTest.java) on the embedded
# MariaDB and PostgreSQL and prints docs/java.md's table from their result files.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rm -rf target/dbrace/hibernate
./mvnw -B -q test -Dtest=HibernateRaceTest -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
out="$root/results/hibernate-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
cp -r target/dbrace/hibernate/* "$out/"
find "$out" -name report.html -delete
PYTHONPATH="$root/scripts/bench" python3 - "$out" <<'PY' | tee "$out/table.md"
import sys
from summaries import others, rows, server
print("| pattern | database | isolation | created | found | DoesNotExist | session_unusable | other outcomes | verdict |")
print("|---|---|---|---:|---:|---:|---:|---|---|")
for r in rows(sys.argv[1]):
    o = r["outcomes"]
    print(f"| {r['strategy']} | {server(r)} | {r['isolation']} | {o['created']} | {o['found']} | {o['does_not_exist']} | "
          f"{o['session_unusable']} | {others(o, ('created', 'found', 'does_not_exist', 'session_unusable'))} | {r['verdict']} |")
PY
