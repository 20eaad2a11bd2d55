#!/usr/bin/env bash
# Detection power: how often the seed's code (naive, REPEATABLE READ) is caught per round, and how
# soon, at 2, 4, 8 and 16 threads. The ceiling is threads - 1 DoesNotExist per round (every loser).
#   scripts/bench-detection.sh [--db NAME | --url URL] ...   (default: the embedded MariaDB)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target=("$@"); [[ ${#target[@]} -eq 0 ]] && target=(--db embedded-mariadb)
out="$root/results/bench-detection-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
for t in 2 4 8 16; do
    "$root/scripts/dbrace" run "${target[@]}" -s naive -t "$t" -r 1000 --warmup 50 -q --out "$out/t$t" >/dev/null
done
python3 - "$out" <<'PY' | tee "$out/result.txt"
import json, sys
print("threads  rounds  does_not_exist  per round  of ceiling  first anomaly")
for t in (2, 4, 8, 16):
    s = json.load(open(f"{sys.argv[1]}/t{t}/summary.json"))["strategies"][0]
    dne = s["outcomes"]["does_not_exist"]; rounds = s["rounds"]
    print(f"{t:7d} {rounds:7d} {dne:15d} {dne / rounds:10.2f} {100 * dne / rounds / (t - 1):9.1f} % {s['first_anomaly_ms']:10} ms")
PY
