#!/usr/bin/env bash
# What a test run left behind that it should not have: tables on the MariaDB and PostgreSQL services
# (database test, and postgres for PostgreSQL), dbrace's servers still running, dbrace's folders
# under /tmp, and result folders a command without --out left in the project's results/. Prints each and exits 1 when there is any; .ci/run calls it after the tests, red or green.
#   scripts/leftovers.sh [SINCE-FILE]    (with SINCE-FILE: only /tmp entries and results/<time> folders newer
#                                         than it count; without, every results/<time> folder does)
set -uo pipefail
since="${1:-}"
found=0
say() { echo "left behind: $*"; found=1; }
if command -v mysql >/dev/null && mysql -h 127.0.0.1 -P 3306 -u root -e 'SELECT 1' test >/dev/null 2>&1; then
    for t in $(mysql -h 127.0.0.1 -P 3306 -u root -N -e 'SHOW TABLES' test); do say "table test.$t on the MariaDB service"; done
fi
if command -v psql >/dev/null; then
    for db in test postgres; do
        for t in $(psql -h 127.0.0.1 -p 5432 -U postgres -d "$db" -Atc \
                "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')" 2>/dev/null); do
            say "table $db.$t on the PostgreSQL service"
        done
    done
fi
for p in $(pgrep -f 'dbrace-(galera|mariadb-replica|mariadb-failover|postgres-replica|patroni)|dbrace-mariadb-data|embedded-pg|dbrace-workers' 2>/dev/null); do
    [ "$p" != "$$" ] && say "process $p: $(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-160)"
done
newer=(); [ -n "$since" ] && newer=(-newer "$since")
while IFS= read -r f; do
    say "folder $f"
done < <(find /tmp -maxdepth 1 -name 'dbrace*' "${newer[@]}" 2>/dev/null)
# a run or an exploration a test started without --out writes into the project's results/ (ignored by git)
while IFS= read -r f; do
    say "folder $f (a dbrace command in a test without --out)"
done < <(find "$(dirname "$0")/../results" -mindepth 1 -maxdepth 1 -name '20*' "${newer[@]}" 2>/dev/null)
[ "$found" = 0 ] && echo "left behind: nothing (tables on the services, dbrace's servers, /tmp/dbrace*, results/<time>)"
exit "$found"
