#!/usr/bin/env bash
# The pictures in docs/explain.md and docs/output.md, as a newcomer sees them, rendered by headless Chromium at
# 1280 px: explain --all's swimlane page of the seed's naive at REPEATABLE READ (2 sessions) on the embedded MariaDB,
# and run's report.html of the seed's Django worker through the gate at REPEATABLE READ on the same server (its
# DoesNotExist call drawn beside the call that created the row). The second needs python3-django and python3-mysqldb.
#   scripts/screenshots.sh [OUT_DIR]        (default docs/images)
# DBRACE names another launcher (the tests run it with the test's class path).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/docs/images}"; mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/screenshots.XXXXXX")"
trap 'rm -rf "$work"' EXIT
${DBRACE:-$root/scripts/dbrace} explain --all -s naive -i repeatable-read --db embedded-mariadb --html "$work/explain.html" --out "$work/explain" >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1280,1700 \
    --screenshot="$out/explain-naive.png" "file://$work/explain.html" 2>"$work/chromium.log"
test -s "$out/explain-naive.png"
echo "$out/explain-naive.png"
${DBRACE:-$root/scripts/dbrace} run -q --db embedded-mariadb --worker "/usr/bin/python3 $root/examples/django/django_worker.py" \
    --gate -i repeatable-read -t 2 -r 40 --out "$work/run" >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1280,2400 \
    --screenshot="$out/report-django.png" "file://$work/run/report.html" 2>>"$work/chromium.log"
test -s "$out/report-django.png"
echo "$out/report-django.png"
