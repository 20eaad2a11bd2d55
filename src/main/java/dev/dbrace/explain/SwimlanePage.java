package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Steps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code explain --all --html}: an exploration as a self-contained page (no script, no font or file from anywhere
 * else), one panel per outcome combination with its shortest witness drawn as swimlanes, a lane per session. Each
 * statement is a box with its answer; a statement that waited for a lock spans the rows from when it was sent to when
 * it returned, marked with the session whose statement ended the wait; the statement that fixed a session's snapshot
 * is marked, by the dependence relation of the exploration's server and level. Built from the {@link Exploration}'s
 * data alone; readable at 1280 px and printable.
 */
public final class SwimlanePage {

    private SwimlanePage() {
    }

    /** One box of a lane: a statement and its answer, or an event; its first and last row. */
    private record Box(int session, int first, int last, String text, String answer, boolean failed, boolean waited,
                       String wokenBy, boolean snapshot, boolean event) {
    }

    public static String render(Exploration e) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>explain --all: ")
                .append(esc(e.strategy())).append(" at ").append(esc(e.isolation())).append("</title>\n<style>\n")
                .append(CSS).append("</style></head><body>\n");
        b.append("<h1>").append(esc(e.strategy())).append(" at ").append(esc(e.isolation())).append(" on ")
                .append(esc(e.product() + " " + e.version())).append(", ").append(e.sessions()).append(" sessions</h1>\n");
        b.append("<p class=\"extent\">").append(esc(extent(e))).append("</p>\n");
        if (!e.rules().isEmpty()) {
            b.append("<details><summary>the dependence relation it merged by</summary><ul>");
            e.rules().forEach(r -> b.append("<li>").append(esc(r)).append("</li>"));
            b.append("</ul></details>\n");
        }
        b.append("<table class=\"summary\"><tr>");
        for (int i = 1; i <= e.sessions(); i++) {
            b.append("<th>T").append(i).append("</th>");
        }
        b.append("<th>interleavings</th></tr>\n");
        for (Exploration.Pair p : e.pairs()) {
            b.append("<tr>");
            p.outcomes().forEach(o -> b.append("<td class=\"").append(cls(o)).append("\">").append(o.key()).append("</td>"));
            b.append("<td class=\"n\">").append(p.interleavings()).append("</td></tr>\n");
        }
        b.append("</table>\n");
        Dependence rules = Dependence.of(e.product().startsWith("PostgreSQL") ? "postgresql" : "mysql", e.isolation());
        for (Exploration.Pair p : e.pairs()) {
            panel(b, e, p, rules);
        }
        b.append("</body></html>\n");
        return b.toString();
    }

    private static String extent(Exploration e) {
        if (e.complete()) {
            return e.explored() + " interleavings, all there are" + (e.pruned() ? " (one for each class of orders that "
                    + "differ only in independent statements)" : "") + ".";
        }
        if (e.extent() == Exploration.Extent.DIVERGED) {
            return e.explored() + " interleavings, not all there are: " + ExplorationFormat.diverged(e) + ".";
        }
        Exploration.Sampling s = e.sampling();
        if (s == null) {
            return e.explored() + " interleavings, cut by --max-interleavings: incomplete, there are more.";
        }
        return String.format(Locale.ROOT, "SAMPLED, not all there are: %d interleavings in %d classes of orders, %d of "
                        + "them PCT samples of depth %d (seed %d); one sample reaches an outcome that needs at most %d "
                        + "ordering constraints with probability at least %.2g, and all %d missed it with probability at "
                        + "most %.2g.", e.explored(), e.classes(), s.samples(), s.depth(), s.seed(), s.depth(), s.perRun(),
                s.samples(), s.missed());
    }

    private static void panel(StringBuilder b, Exploration e, Exploration.Pair p, Dependence rules) {
        List<Box> boxes = boxes(p.witness(), rules);
        int rows = 0;
        for (Box x : boxes) {
            rows = Math.max(rows, x.last() + 1);
        }
        b.append("<section class=\"panel\"><h2>");
        for (int i = 0; i < p.outcomes().size(); i++) {
            b.append(i == 0 ? "" : " · ").append("T").append(i + 1).append(" <span class=\"").append(cls(p.outcomes().get(i)))
                    .append("\">").append(p.outcomes().get(i).key()).append("</span>");
        }
        b.append(" <small>").append(p.interleavings()).append(p.interleavings() == 1 ? " interleaving" : " interleavings")
                .append("; its shortest witness:</small></h2>\n<table class=\"lanes\"><tr>");
        for (int i = 1; i <= e.sessions(); i++) {
            b.append("<th>T").append(i).append("</th>");
        }
        b.append("</tr>\n");
        Box[][] at = new Box[rows][e.sessions()];
        boolean[][] covered = new boolean[rows][e.sessions()];
        for (Box x : boxes) {
            at[x.first()][x.session() - 1] = x;
            for (int r = x.first() + 1; r <= x.last(); r++) {
                covered[r][x.session() - 1] = true;
            }
        }
        for (int r = 0; r < rows; r++) {
            b.append("<tr>");
            for (int s = 0; s < e.sessions(); s++) {
                Box x = at[r][s];
                if (x != null) {
                    cell(b, x);
                } else if (!covered[r][s]) {
                    b.append("<td class=\"idle\"></td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("<tr>");
        p.outcomes().forEach(o -> b.append("<td class=\"end ").append(cls(o)).append("\">").append(o.key()).append("</td>"));
        b.append("</tr></table></section>\n");
    }

    private static void cell(StringBuilder b, Box x) {
        List<String> classes = new ArrayList<>(List.of(x.event() ? "event" : "stmt"));
        if (x.failed()) {
            classes.add("failed");
        }
        if (x.waited()) {
            classes.add("waited");
        }
        if (x.snapshot()) {
            classes.add("snapshot");
        }
        b.append("<td class=\"").append(String.join(" ", classes)).append("\"")
                .append(x.last() > x.first() ? " rowspan=\"" + (x.last() - x.first() + 1) + "\"" : "").append('>');
        if (x.snapshot()) {
            b.append("<span class=\"tag\">snapshot fixed here</span>");
        }
        if (x.waited()) {
            b.append("<span class=\"tag\">waited for a lock").append(x.wokenBy() == null ? "" : " until " + esc(x.wokenBy()))
                    .append("</span>");
        }
        b.append("<code>").append(esc(x.text())).append("</code>");
        if (x.answer() != null) {
            b.append("<span class=\"answer\">→ ").append(esc(x.answer())).append("</span>");
        }
        b.append("</td>");
    }

    /** The witness's steps as boxes, a row for each SENT, event, and each return that ends a wait. */
    private static List<Box> boxes(List<Step> steps, Dependence rules) {
        List<Box> boxes = new ArrayList<>();
        int[] open = new int[16];          // per session: the index in boxes of its statement in flight, or -1
        Arrays.fill(open, -1);
        boolean[] waited = new boolean[16];
        Transaction[] tx = new Transaction[16];
        int row = 0;
        String lastEnd = null;
        int lastEndRow = -1;       // the row count when that end returned: it can have ended a wait sent before it
        for (Step s : steps) {
            int n = s.session();
            switch (s.kind()) {
                case SENT -> {
                    if (tx[n] == null) {
                        tx[n] = new Transaction();
                    }
                    Footprint f = rules.footprint(s.sql(), tx[n], Dependence.Mode.IN_TRANSACTION);
                    rules.sent(s.sql(), tx[n], Dependence.Mode.IN_TRANSACTION);
                    boolean snapshot = f.observes().all() && !f.locks() && !SqlText.of(s.sql()).isEmpty()
                            && SqlText.of(s.sql()).get(0).kind() == SqlText.Kind.READ;
                    boxes.add(new Box(n, row, row, TimelineFormat.shorten(s.sql()), null, false, false, null, snapshot, false));
                    open[n] = boxes.size() - 1;
                    waited[n] = false;
                    row++;
                }
                case RETURNED, FAILED -> {
                    int i = open[n];
                    String answer = s.kind() == Step.Kind.FAILED ? "ERROR " + TimelineFormat.compact(s.error()) : s.text();
                    if (i < 0) {
                        boxes.add(new Box(n, row, row, "…", answer, s.kind() == Step.Kind.FAILED, false, null, false, false));
                        row++;
                        continue;
                    }
                    Box x = boxes.get(i);
                    int last = waited[n] ? Math.max(x.first(), row - 1) : x.first();
                    boxes.set(i, new Box(n, x.first(), last, x.text(), answer, s.kind() == Step.Kind.FAILED, waited[n],
                            waited[n] && lastEndRow > x.first() ? lastEnd : null, x.snapshot(), false));
                    open[n] = -1;
                    String step = s.sql() == null ? "" : Steps.of(s.sql());
                    if (step.equals("COMMIT") || step.equals("ROLLBACK")) {
                        lastEnd = "T" + n + "'s " + step;
                        lastEndRow = row;
                    }
                }
                case EVENT -> {
                    if (s.text().startsWith("blocks") || s.text().startsWith("has not returned")) {
                        waited[n] = true;
                        continue;
                    }
                    boxes.add(new Box(n, row, row, s.text(), null, false, false, null, false, true));
                    row++;
                }
                default -> {
                }
            }
        }
        return boxes;
    }

    private static String cls(Outcome o) {
        return o.isSuccess() ? "ok" : "bad";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;max-width:1240px;color:#222}
            h1{font-size:20px;margin:0 0 6px}h2{font-size:15px;margin:18px 0 6px}small{color:#666;font-weight:normal}
            .extent{margin:0 0 10px}code{font:12px/1.3 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;
            word-break:break-word}table{border-collapse:collapse}.summary td,.summary th{border:1px solid #ccc;
            padding:3px 10px}.summary .n{text-align:right}.ok{color:#1a7f37}.bad{color:#b42318;font-weight:600}
            .lanes{width:100%;table-layout:fixed;margin-bottom:8px}.lanes th{background:#f3f3f3;border:1px solid #ccc;
            padding:4px}.lanes td{border-left:1px solid #ccc;border-right:1px solid #ccc;padding:3px 6px;
            vertical-align:top}.stmt{background:#f7f9fc;border:1px solid #c9d4e3!important}.answer{display:block;
            font:12px ui-monospace,Menlo,Consolas,monospace;color:#444}.failed{background:#fdecea;
            border-color:#e3a39a!important}.failed .answer{color:#b42318;font-weight:600}.waited{background:
            repeating-linear-gradient(45deg,#fff4e5,#fff4e5 6px,#ffe8c7 6px,#ffe8c7 12px);border-color:#e0a85a!important}
            .snapshot{box-shadow:inset 4px 0 0 #6941c6}.tag{display:block;font-size:11px;font-weight:600;color:#6941c6}
            .waited .tag{color:#b54708}.event{color:#b42318;font-style:italic;font-size:12px}.idle{}
            .end{border-top:2px solid #888!important;font-weight:600;text-align:center}
            details{margin:6px 0 12px}section.panel{break-inside:avoid}
            @media print{body{margin:0;max-width:none}.lanes{font-size:11px}}
            """;
}
