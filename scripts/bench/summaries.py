"""Reading dbrace's result folders, for the tables the scripts print."""
import json
import os


def summaries(folder):
    """The summary.json of each subfolder of folder, in name order."""
    for run in sorted(os.listdir(folder)):
        f = os.path.join(folder, run, "summary.json")
        if os.path.exists(f):
            with open(f) as fh:
                yield json.load(fh)


def rows(folder):
    """Every strategy row of every summary under folder."""
    for s in summaries(folder):
        yield from s["strategies"]


def server(r):
    """'MariaDB 11.4.5', 'PostgreSQL 15.20'."""
    return r["product"] + " " + r["server_version"].split("-")[0].split(" ")[0]


def others(outcomes, shown):
    """The outcomes with a count that are not among shown, as 'name n, …', or '-'."""
    return ", ".join(f"{k} {v}" for k, v in outcomes.items() if v and k not in shown) or "-"
