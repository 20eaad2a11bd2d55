#!/usr/bin/env python3
"""Renders docs/atlas.md and docs/atlas/ROW.md from an atlas run's folder (scripts/atlas.sh writes it).

    python3 scripts/atlas/render.py RESULTS_DIR DOCS_DIR

Every cell is read from dbrace's own files: the outcome combinations of `explain --all` (its JSON), the free
race's outcome counts (its summary.json), and the shortest witness of each combination that holds an outcome
other than created or found, rendered as the statements each session sent, in the ORM's own SQL.
"""
import html
import json
import os
import re
import sys

SERVERS = [("embedded-mariadb", "MariaDB"), ("embedded-postgres", "PostgreSQL")]
LEVELS = ["read-committed", "repeatable-read"]
GOOD = {"created", "found"}


def read_tsv(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def first_line(path):
    try:
        with open(path) as f:
            lines = [l.strip() for l in f if l.strip() and not l.startswith("SLF4J")]
            said = [l for l in lines if l.startswith("dbrace: ")]      # dbrace's own one-line refusal, before any log
            return said[-1] if said else lines[-1] if lines else "no output"
    except OSError:
        return "not run"


def anchor(server, level, outcomes):
    return re.sub(r"[^a-z0-9_-]+", "-", "%s-%s-%s" % (server, level, "-".join(outcomes)))


def server_version(results, row_id, server):
    for level in LEVELS:
        e = load(os.path.join(results, "%s.%s.%s.explain.json" % (row_id, server, level)))
        if e:
            return "%s %s" % (e["product"].split()[0], e["server_version"].split("-")[0])
    return dict(SERVERS)[server]


def race_rows(results, row_id, server):
    s = load(os.path.join(results, "%s.%s.run" % (row_id, server), "summary.json"))
    return {r["isolation"]: r for r in s["strategies"]} if s else {}


def cell(results, row_id, server, level, races):
    e = load(os.path.join(results, "%s.%s.%s.explain.json" % (row_id, server, level)))
    parts = []
    if e is None:
        why = first_line(os.path.join(results, "%s.%s.%s.explain.err" % (row_id, server, level)))
        why = re.sub(r"^dbrace: ", "", why).split(": ")[0]
        parts.append("explain refused: %s" % html.escape(why[:140], quote=False).replace("|", "&#124;"))
    else:
        combos = []
        for p in either_order(e["pairs"]):
            name = " + ".join(sorted(p["outcomes"]))
            if set(p["outcomes"]) <= GOOD:
                combos.append(name)
            else:
                combos.append("[**%s**](atlas/%s.md#%s)" % (name, row_id, anchor(server, level, p["outcomes"])))
        done = "" if e["complete"] else " (sampled)" if "sampling" in e else " (cut short)"
        parts.append(", ".join(combos) + done)
    r = races.get(level)
    if r is None or r["calls"] == 0:        # a race that stopped before any call was answered
        why = first_line(os.path.join(results, "%s.%s.run.txt" % (row_id, server)))
        why = re.sub(r"^dbrace: ", "", why).split(": ")[0] if why.startswith("dbrace: ") else "not run"
        parts.append("race: stopped: %s" % html.escape(why[:140], quote=False).replace("|", "&#124;")
                     if why != "not run" else "race: not run")
    else:
        bad = {k: v for k, v in r["outcomes"].items() if k not in GOOD and v}
        failed = sum(bad.values())
        detail = " (" + ", ".join("%s %d" % kv for kv in sorted(bad.items())) + ")" if bad else ""
        verified = "" if r["verification"]["passed"] else ", table check FAILED"
        parts.append("race: %d of %d calls failed%s%s" % (failed, r["calls"], detail, verified))
    return "<br>".join(parts)


def either_order(pairs):
    """One pair of each combination taken in either order (T1/T2 and T2/T1 are the same race): the one with the
    shorter witness."""
    best = {}
    for p in pairs:
        k = tuple(sorted(p["outcomes"]))
        if k not in best or len(p["witness"]) < len(best[k]["witness"]):
            best[k] = p
    return [best[k] for k in sorted(best)]


def code(sql):
    """A statement as inline code in a table cell: MySQL's backticks and the table's bars escaped."""
    return "<code>%s</code>" % html.escape(sql, quote=False).replace("`", "&#96;").replace("|", "&#124;")


def witness_rows(steps):
    """Each sent statement joined with its answer where nothing came between: (ms, session, text)."""
    rows = []
    i = 0
    while i < len(steps):
        s = steps[i]
        nxt = steps[i + 1] if i + 1 < len(steps) else None
        if s["kind"] == "sent":
            if nxt and nxt["session"] == s["session"] and nxt["kind"] in ("returned", "failed"):
                rows.append((s["ms"], s["session"], "%s → %s" % (code(s["sql"]), answer(nxt))))
                i += 2
                continue
            rows.append((s["ms"], s["session"], "%s …" % code(s["sql"])))
        elif s["kind"] in ("returned", "failed"):
            rows.append((s["ms"], s["session"], "… → %s" % answer(s)))
        else:
            rows.append((s["ms"], s["session"], "*%s*" % s.get("text", "")))
        i += 1
    return rows


def answer(step):
    if step["kind"] == "failed":
        return "**ERROR %s**" % html.escape(step.get("error") or step.get("text", ""), quote=False).replace("|", "&#124;")
    return html.escape(step.get("text", ""), quote=False).replace("|", "&#124;")


def render_row(results, docs, row_id, title, version):
    lines = ["# %s" % title, "",
             "%s. The shortest interleaving of two sessions that gives each combination with an outcome other than "
             "created or found, from `explain --all` ([the atlas](../atlas.md)). Each line is a statement the ORM "
             "sent, with the server's answer." % version, ""]
    for server, _ in SERVERS:
        for level in LEVELS:
            e = load(os.path.join(results, "%s.%s.%s.explain.json" % (row_id, server, level)))
            if not e:
                continue
            for p in either_order(e["pairs"]):
                if set(p["outcomes"]) <= GOOD:
                    continue
                a = anchor(server, level, p["outcomes"])
                lines += ['<a id="%s"></a>' % a, "",
                          "## %s %s, %s: %s" % (e["product"].split()[0], e["server_version"].split("-")[0], level,
                                                " / ".join(p["outcomes"])), "",
                          "%d of %d interleavings give it in this order (T1's outcome first)." % (
                              p["interleavings"], e["explored"]), "",
                          "| ms | T1 | T2 |", "|---:|---|---|"]
                for ms, session, text in witness_rows(p["witness"]):
                    text = text.replace("|", "&#124;") if not text.startswith("<code>") else text
                    lines.append("| %d | %s | %s |" % (ms, text if session == "T1" else "", text if session == "T2" else ""))
                lines.append("")
    os.makedirs(os.path.join(docs, "atlas"), exist_ok=True)
    with open(os.path.join(docs, "atlas", row_id + ".md"), "w") as f:
        f.write("\n".join(lines))


def main(results, docs):
    rows = read_tsv(os.path.join(results, "rows.tsv"))
    versions = dict(read_tsv(os.path.join(results, "versions.tsv")))
    with open(os.path.join(results, "dbrace-version.txt")) as f:
        dbrace = f.readline().strip()
    servers = {}
    for row_id, _, _ in rows:
        for server, _ in SERVERS:
            servers.setdefault(server, server_version(results, row_id, server))
    out = ["# The atlas of ORM get-or-create", "",
           "Which ORM get-or-create holds where: each row is an ORM's own API, in a small team project under "
           "[`examples/`](../examples/), started by name through dbrace's adapters (Java code with `--strategy-jar`) "
           "([rows](../scripts/atlas/rows.tsv)), on a table with a unique `name`. Each cell gives the outcome "
           "combinations of `explain --all` with two sessions, in either order (every interleaving of the statements "
           "the ORM sent; a combination in bold holds an outcome other than created or found, and links to its shortest "
           "witness in the ORM's own SQL), then a free race of 4 threads on the same code: how many calls "
           "failed, and how. Created and found are read off the wire, not taken from the code. A failure the race "
           "shows that no interleaving of two sessions gives needs three or more sessions: the race has four.", "",
           "Made by `scripts/atlas.sh` with %s, from [`%s`](../%s/). The stacks: %s; drivers %s; %s; %s. Each at "
           "its ORM's default configuration; the level is set through the ORM." % (
               dbrace, os.path.basename(results), os.path.relpath(results, os.path.dirname(os.path.abspath(docs))),
               ", ".join(versions[k] for k in ("django", "rails", "sqlalchemy", "node", "laravel", "dbix", "spring")
                         if k in versions),
               versions.get("python-drivers", ""), versions.get("ruby-drivers", ""), versions.get("node-drivers", "")),
           ""]
    header = ["API"]
    for server, _ in SERVERS:
        for level in LEVELS:
            header.append("%s, %s" % (servers.get(server, server), level.replace("-", " ")))
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for row_id, title, stack in rows:
        cells = ["%s ([witnesses](atlas/%s.md))" % (title, row_id)]
        for server, _ in SERVERS:
            races = race_rows(results, row_id, server)
            for level in LEVELS:
                cells.append(cell(results, row_id, server, level, races))
        out.append("| " + " | ".join(cells) + " |")
        render_row(results, docs, row_id, title, versions.get(stack, stack))
    out += ["", "`explain` orders one connection per caller: Sequelize's `findOrCreate` re-finds the row after a "
            "`UniqueConstraintError` outside its transaction, on a second connection of the pool (with a pool of one it "
            "waits for itself forever), so its cells have the race only. An upsert's answer must say whether it "
            "inserted: MySQL's affected rows do (1 inserted, 2 updated, 0 left alone) unless the client asked for found "
            "rows, as TypeORM's mysql2 does, and PostgreSQL's `ON CONFLICT DO UPDATE` counts one row either way. Where "
            "the wire cannot tell created from found and the ORM does not say (Sequelize's `upsert` says on MySQL and "
            "MariaDB only), dbrace refuses in one line rather than guess. On MariaDB (seen on 10.11 and 11.4), "
            "Sequelize's `upsert` hands the caller that did not insert an instance without its id (`undefined`). "
            "The Spring rows are "
            "`examples/spring-boot/`'s `TagService` on Spring Data JPA, started by name with `--strategy-jar` and "
            "the service's class path (`scripts/atlas/spring-classpath.sh`) on dbrace's DataSource.", ""]
    with open(os.path.join(docs, "atlas.md"), "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
