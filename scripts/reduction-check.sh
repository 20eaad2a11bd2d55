#!/usr/bin/env bash
# Checks explain --all's reduction against the unreduced search for one exploration: runs it twice, reduced (sound
# stops, orders merged by the dependence relation) and --unreduced (every statement a stop, every order), and
# compares the outcome combinations. For explorations too large for the test suite's unreduced search.
#   scripts/reduction-check.sh NAME EXPLAIN-ARGS…      e.g. scripts/reduction-check.sh naive-rr -s naive -i repeatable-read --db embedded-mariadb
# Writes results/reduction-check-DATE/NAME-{reduced,unreduced}.json and appends a row to its result.md; exits 1
# when the combinations differ or either search did not finish.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
name="$1"; shift
out="${DBRACE_CHECK_OUT:-$root/results/reduction-check-$(date +%Y%m%d)}"; mkdir -p "$out"
"$root/scripts/dbrace" explain --all --prune "$@" --format json >"$out/$name-reduced.json" || true
"$root/scripts/dbrace" explain --all --unreduced "$@" --format json >"$out/$name-unreduced.json" || true
python3 - "$out" "$name" <<'PY'
import json, sys
out, name = sys.argv[1], sys.argv[2]
r = json.load(open(f"{out}/{name}-reduced.json"))
u = json.load(open(f"{out}/{name}-unreduced.json"))
def combos(e):
    return sorted("/".join(p["outcomes"]) for p in e["pairs"])
same = combos(r) == combos(u) and r["complete"] and u["complete"]
row = (f"| {name} | {r['product']} {r['server_version']} | {r['isolation']} | {r['explored'] + r['redundant_runs']} runs, "
       f"{r['elapsed_ms'] / 1000:.1f} s | {u['explored']} runs, {u['elapsed_ms'] / 1000:.1f} s | {len(combos(r))} / "
       f"{len(combos(u))} | {'same' if same else 'DIFFERENT'} |")
with open(f"{out}/result.md", "a") as f:
    if f.tell() == 0:
        f.write("| exploration | server | level | reduced | unreduced | combinations | agree |\n|---|---|---|---|---|---|---|\n")
    f.write(row + "\n")
print(row)
if not same:
    print("reduced:  ", combos(r)); print("unreduced:", combos(u))
    sys.exit(1)
PY
