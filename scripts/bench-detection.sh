#!/usr/bin/env bash
# Detection power: how often the seed's code (naive, REPEATABLE READ) is caught per round, and how
# soon, at 2, 4, 8 and 16 threads, in the free race and aimed at the window (--align-at
# after-first-statement). The ceiling is threads - 1 DoesNotExist per round (every loser).
#   scripts/bench-detection.sh [--db NAME | --url URL] ...   (default: the embedded MariaDB)
# With WORKER set, the same for a worker through the statement gate (--worker "$WORKER" --gate), aimed at the
# step the gate sees; ROUNDS (default 1000) sets the rounds per cell:
#   WORKER='/usr/bin/python3 examples/reference/reference_worker.py' ROUNDS=300 \
#       scripts/bench-detection.sh --url jdbc:mysql://127.0.0.1:3306/test --user root
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target=("$@"); [[ ${#target[@]} -eq 0 ]] && target=(--db embedded-mariadb)
out="$root/results/bench-detection-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"
if [[ -n "${WORKER:-}" ]]; then who=(--worker "$WORKER" --gate); else who=(-s naive); fi
for t in 2 4 8 16; do
    for at in free after-first-statement; do
        "$root/scripts/dbrace" run "${target[@]}" "${who[@]}" -i repeatable-read -t "$t" -r "${ROUNDS:-1000}" --warmup 50 \
            --align-at "$at" -q --out "$out/t$t-$at" >/dev/null
    done
done
find "$out" -name report.html -delete
python3 - "$out" <<'PY' | tee "$out/result.md"
import json, sys
print("| threads | free: DoesNotExist per round | of the ceiling | first anomaly after | aimed: per round | of the ceiling | first anomaly after | calls aligned |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for t in (2, 4, 8, 16):
    row = [str(t)]
    for at in ("free", "after-first-statement"):
        s = json.load(open(f"{sys.argv[1]}/t{t}-{at}/summary.json"))["strategies"][0]
        dne = s["outcomes"]["does_not_exist"]; rounds = s["rounds"]
        row += [f"{dne / rounds:.2f}", f"{100 * dne / rounds / (t - 1):.1f} %", f"{s['first_anomaly_ms']} ms"]
        if at != "free":
            row.append(f"{100 * s['aligned_calls'] / max(1, s['aligned_calls'] + s['unaligned_calls']):.1f} %")
    print("| " + " | ".join(row) + " |")
PY
echo "${WORKER:-naive} on ${target[*]}; $(date -u +%Y-%m-%d), $(nproc) cores" | tee -a "$out/result.md"
