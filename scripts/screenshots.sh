#!/usr/bin/env bash
# The pictures in docs/explain.md, as a newcomer sees them: explain --all's swimlane page of the seed's naive at
# REPEATABLE READ (2 sessions) on the embedded MariaDB, rendered by headless Chromium at 1280 px.
#   scripts/screenshots.sh [OUT_DIR]        (default docs/images)
# DBRACE names another launcher (the tests run it with the test's class path).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/docs/images}"; mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/screenshots.XXXXXX")"
trap 'rm -rf "$work"' EXIT
${DBRACE:-$root/scripts/dbrace} explain --all -s naive -i repeatable-read --db embedded-mariadb --html "$work/explain.html" >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1280,1700 \
    --screenshot="$out/explain-naive.png" "file://$work/explain.html" 2>"$work/chromium.log"
test -s "$out/explain-naive.png"
echo "$out/explain-naive.png"
