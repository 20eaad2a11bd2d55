#!/usr/bin/env python3
"""A worker for dbrace's protocol tests: it touches no database, answers from a script of its own,
and misbehaves on request. Standard library only.

  --answers A,B,...     outcomes to cycle through by seq: does_not_exist, deadlock (code 1213 only),
                        serialization (SQLState 40001 only), integrity, handled (does_not_exist with
                        db_errors reported)
  --fail MODE --after N after N answers: exit | garbage | wrong-seq | no-seq | bad-outcome | hang
  --no-ready            exit 3 at once, saying why on stderr
  --decline NAME        list NAME as unsupported in ready
  --isolation LEVEL     the isolation ready reports
  --child MARKER        start a long-sleeping child process whose command line holds MARKER
  --trace FILE          append what happened (hello, each call, stop, signals) to FILE
  --hello-dir DIR       write the hello and the environment's DBRACE_PASSWORD to DIR/hello-<worker>.json
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--answers", default="does_not_exist")
p.add_argument("--fail")
p.add_argument("--after", type=int, default=0)
p.add_argument("--no-ready", action="store_true")
p.add_argument("--decline")
p.add_argument("--isolation")
p.add_argument("--child")
p.add_argument("--trace")
p.add_argument("--hello-dir")
a = p.parse_args()


def trace(text):
    if a.trace:
        with open(a.trace, "a") as f:
            f.write("%d %s\n" % (os.getpid(), text))


def on_signal(number, frame):
    trace("signal %s" % signal.Signals(number).name)
    sys.exit(128 + number)


signal.signal(signal.SIGINT, on_signal)
signal.signal(signal.SIGTERM, on_signal)

if a.child:
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)", a.child])
if a.no_ready:
    sys.stderr.write("fake worker: cannot reach the database (asked to fail)\n")
    sys.exit(3)


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


hello = json.loads(sys.stdin.readline())
trace("hello worker=%d" % hello["worker"])
if a.hello_dir:
    with open(os.path.join(a.hello_dir, "hello-%d.json" % hello["worker"]), "w") as f:
        json.dump({"hello": hello, "password": os.environ.get("DBRACE_PASSWORD")}, f)
ready = {"type": "ready"}
if a.isolation:
    ready["isolation"] = a.isolation
if a.decline:
    ready["unsupported"] = [a.decline]
send(ready)

answers = a.answers.split(",")
answered = 0
for line in sys.stdin:
    msg = json.loads(line)
    if msg["type"] == "stop":
        trace("stop")
        break
    seq = msg["seq"]
    trace("call %d" % seq)
    if a.fail and answered >= a.after:
        sys.stderr.write("fake worker: failing with %s at seq %d (asked to)\n" % (a.fail, seq))
        sys.stderr.flush()
        if a.fail == "exit":
            sys.exit(7)
        if a.fail == "garbage":
            sys.stdout.write("Traceback (most recent call last): not json\n")
            sys.stdout.flush()
        elif a.fail == "wrong-seq":
            send({"type": "result", "seq": seq + 1000, "outcome": "does_not_exist"})
        elif a.fail == "no-seq":
            send({"type": "result", "outcome": "does_not_exist"})
        elif a.fail == "bad-outcome":
            send({"type": "result", "seq": seq, "outcome": "maybe"})
        elif a.fail == "hang":
            time.sleep(3600)
        continue
    kind = answers[seq % len(answers)]
    if kind == "deadlock":
        r = {"outcome": "error", "error": {"code": 1213, "message": "Deadlock found", "class": "fake.OperationalError"}}
    elif kind == "serialization":
        r = {"outcome": "error", "error": {"sqlstate": "40001", "code": None, "class": "fake.SerializationFailure"}}
    elif kind == "integrity":
        r = {"outcome": "integrity_error", "error": {"code": 1062, "class": "fake.IntegrityError"}}
    elif kind == "handled":
        r = {"outcome": "does_not_exist", "db_errors": [{"code": 1062}, {"sqlstate": "23000", "code": 1062}],
             "error": {"class": "fake.DoesNotExist", "message": "MyObj matching query does not exist."}}
    else:
        r = {"outcome": "does_not_exist"}
    r.update(type="result", seq=seq)
    send(r)
    answered += 1
trace("exit")
