#!/usr/bin/env python3
"""A worker that does no database work: it answers each call at once, so a race of it measures
what the pipe and the protocol cost per call (dbrace's side and a minimal worker's side)."""
import sys

sys.stdin.readline()                                    # hello
sys.stdout.write('{"type":"ready"}\n')
sys.stdout.flush()
for line in sys.stdin:
    if '"stop"' in line:
        break
    seq = line[line.index('"seq":') + 6:line.index(',', line.index('"seq":'))]
    sys.stdout.write('{"type":"result","seq":%s,"outcome":"does_not_exist","db_errors":[]}\n' % seq)
    sys.stdout.flush()
