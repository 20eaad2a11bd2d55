#!/usr/bin/env bash
# Races the shipped Django and Rails workers (examples/) on the MariaDB and PostgreSQL services and
# prints docs/own-code.md's tables: 4 workers x ROUNDS rounds per row.
#   scripts/examples-matrix.sh [ROUNDS] [MARIADB-URL] [POSTGRES-URL]
# Needs Debian's python3-django, python3-mysqldb, python3-psycopg2, ruby-activerecord, ruby-mysql2, ruby-pg.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-100}"
maria="${2:-jdbc:mysql://127.0.0.1:3306/test}"
pg="${3:-jdbc:postgresql://127.0.0.1:5432/test}"
out="$root/results/examples-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
cd "$root"
scripts/dbrace --version >/dev/null
n=0
race() {   # race NAME URL USER WORKER [dbrace options...]
    local name="$1" url="$2" user="$3" worker="$4"; shift 4
    n=$((n + 1))
    scripts/dbrace run -q --url "$url" --user "$user" --worker "$worker" --worker-name "$name" -t 4 -r "$rounds" "$@" \
        --out "$out/$(printf %02d $n)-$name" >/dev/null || true
}
django="/usr/bin/python3 examples/django/django_worker.py"
rails="/usr/bin/ruby examples/rails/rails_worker.rb"
race django "$maria" root "$django" -i repeatable-read
race django "$maria" root "$django"
race django "$pg" postgres "$django"
race django "$pg" postgres "$django" -i repeatable-read
for db in "$maria root" "$pg postgres"; do
    set -- $db
    for p in find_or_create_by create_or_find_by; do
        race "$p" "$1" "$2" "$rails $p"
        race "$p-in-transaction" "$1" "$2" "$rails $p --transaction"
    done
done
race create_or_find_by-in-transaction "$pg" postgres "$rails create_or_find_by --transaction" -i repeatable-read
PYTHONPATH="$root/scripts/bench" python3 - "$out" <<'PY' | tee "$out/tables.md"
import sys
from summaries import others, server, summaries
print("| worker | database | isolation (as the worker reported it) | created | found | DoesNotExist | other outcomes | database errors raised (handled or not) | verdict |")
print("|---|---|---|---:|---:|---:|---|---|---|")
for s in summaries(sys.argv[1]):
    for r in s["strategies"]:
        o = r["outcomes"]
        print(f"| {r['strategy']} | {server(r)} | {r['isolation']} | {o['created']} | {o['found']} | {o['does_not_exist']} | "
              f"{others(o, ('created', 'found', 'does_not_exist'))} | {others(r['db_errors'], ())} | {r['verdict']} |")
    for r in s.get("not_raced", []):
        print(f"| {r['strategy']} | | | | | | {r['status']}: {r['reason'].splitlines()[0]} | | |")
PY
