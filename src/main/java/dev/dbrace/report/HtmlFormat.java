package dev.dbrace.report;

import dev.dbrace.db.Mask;
import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.outcome.Swimlane;
import dev.dbrace.race.StrategyResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no network) with the
 * summary table, one chart overlaying every strategy's latency curve, and per strategy a stacked
 * outcome bar (failing outcomes in warning colours), the latency curves of successful and failed
 * calls ({@link LatencyChart}: log percentile and log millisecond axes), throughput, verification;
 * then the run's configuration, options that were not set left out.
 */
public final class HtmlFormat implements ResultFormat {

    private static final int W = 700;
    private static final int H = 220;

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>dbrace report</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}")
                .append("td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}")
                .append("td:nth-child(-n+3),th:nth-child(-n+3){text-align:left}")
                .append(".card{border:1px solid #ccc;border-radius:6px;padding:12px;margin:16px 0}")
                .append(".SAFE{background:#2e7d32}.RACY,.BROKEN{background:#c62828}.ERRORS{background:#ef6c00}.UNRACED{background:#757575}")
                .append(".badge{color:#fff;padding:2px 8px;border-radius:4px;font-weight:bold}svg text{font-size:11px}")
                .append(".samples summary{cursor:pointer;margin:6px 0}.sample p{margin:6px 0 2px}")
                .append(".statements{margin:0 0 8px;padding-left:28px}.statements code{font:12px ui-monospace,monospace;")
                .append("white-space:pre-wrap;word-break:break-word}.statements .failed code{color:#c62828;font-weight:bold}")
                .append(".lanes{width:100%;table-layout:fixed;margin:4px 0 12px}.lanes th{background:#f3f3f3;")
                .append("border:1px solid #ccc;text-align:left}.lanes td{white-space:normal;text-align:left;vertical-align:top;")
                .append("border-left:1px solid #ccc;border-right:1px solid #ccc}.lanes .ms{width:70px;text-align:right;")
                .append("color:#666}.lanes code{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}")
                .append(".stmt{background:#f7f9fc}.stmt .answer{display:block;font:12px ui-monospace,monospace;color:#444}")
                .append(".stmt.failed{background:#fdecea}.stmt.failed .answer{color:#c62828;font-weight:bold}")
                .append(".stmt.long{background:repeating-linear-gradient(45deg,#fff4e5,#fff4e5 6px,#ffe8c7 6px,#ffe8c7 12px)}")
                .append(".tag{display:block;font-size:11px;font-weight:600;color:#b54708}")
                .append("</style></head><body>\n<h1>dbrace report</h1>\n<p>dbrace ").append(esc(report.version()))
                .append(", started ").append(report.startedAt()).append(report.partial() ? " — <b>PARTIAL: " + esc(report.partialReason()) + "</b>" : "")
                .append("</p>\n");
        for (RunReport.TargetInfo t : report.targets()) {
            b.append("<p>Database: <b>").append(esc(t.name())).append("</b> (").append(esc(t.product())).append(' ')
                    .append(esc(t.version())).append(")</p>\n");
        }
        summary(b, report.results());
        overlay(b, report.results());
        for (StrategyResult r : report.results()) {
            card(b, r);
        }
        b.append("<h2>Configuration</h2><table>");
        for (Map.Entry<String, Object> e : report.config().entrySet()) {
            if (e.getValue() == null) {
                continue;       // an option that was not set
            }
            b.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(Mask.text(String.valueOf(e.getValue()))))
                    .append("</td></tr>");
        }
        b.append("</table>\n</body></html>\n");
        out.write(b.toString());
        out.flush();
    }

    private static void summary(StringBuilder b, List<StrategyResult> results) {
        b.append("<table id=\"summary\"><tr><th>database</th><th>strategy</th><th>isolation</th><th>calls</th><th>created</th>")
                .append("<th>found</th><th>anomalies</th><th>p50 ms</th><th>p99 ms</th><th>ops/s</th><th>verdict</th></tr>\n");
        for (StrategyResult r : results) {
            LatencySummary l = LatencySummary.of(r.latency().all());
            b.append("<tr><td>").append(esc(r.database())).append("</td><td>").append(esc(r.strategy())).append("</td><td>")
                    .append(r.condition()).append("</td><td>").append(r.calls()).append("</td><td>")
                    .append(r.outcomes().get(Outcome.CREATED)).append("</td><td>").append(r.outcomes().get(Outcome.FOUND))
                    .append("</td><td>").append(r.counts().anomalies()).append("</td><td>").append(TextFormat.ms(l.p50()))
                    .append("</td><td>").append(TextFormat.ms(l.p99())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", r.throughput())).append("</td><td><span class=\"badge ")
                    .append(r.verdict()).append("\" title=\"").append(esc(r.verdict().meaning())).append("\">").append(r.verdict())
                    .append("</span></td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void card(StringBuilder b, StrategyResult r) {
        b.append("<div class=\"card strategy\"><h2>").append(esc(r.strategy())).append(" <small>at ").append(r.condition())
                .append(" on ").append(esc(r.database())).append("</small> <span class=\"badge ").append(r.verdict()).append("\">")
                .append(r.verdict()).append("</span></h2><p>").append(esc(r.setup().summary())).append("</p>\n");
        bar(b, r);
        curves(b, r);
        b.append(String.format(Locale.ROOT, "<p>%d threads, %d calls, %.0f calls/s. Verification: %s (%d rows, %d keys, %d ids skipped)",
                r.threads(), r.calls(), r.throughput(), r.verification().passed() ? "passed" : "<b>FAILED</b>",
                r.verification().rows(), r.verification().keysRaced(), r.verification().idsSkipped()));
        b.append(r.counts().retries().total() > 0 ? ", " + r.counts().retries().total() + " retries" : "").append(".</p>\n");
        for (String p : r.verification().problems()) {
            b.append("<p>&#9888; ").append(esc(p)).append("</p>\n");
        }
        FailoverChart.append(b, r);
        samples(b, r);
        swimlanes(b, r);
        b.append("</div>\n");
    }

    /**
     * Each outcome's samples, collapsed: what the caller saw, and where the gate recorded them the call's statements
     * whole, one a line, a failed one marked.
     */
    private static void samples(StringBuilder b, StrategyResult r) {
        r.counts().samples().forEach((o, list) -> {
            if (list.isEmpty()) {
                return;
            }
            b.append("<details class=\"samples\"><summary>").append(o.key()).append(": ").append(list.size())
                    .append(list.size() == 1 ? " sample" : " samples").append("</summary>\n");
            for (String sample : list) {
                int at = sample.indexOf(Samples.STATEMENTS);
                b.append("<div class=\"sample\"><p>").append(esc(at < 0 ? sample : sample.substring(0, at))).append("</p>");
                if (at >= 0) {
                    b.append("<ol class=\"statements\">");
                    for (String st : sample.substring(at + Samples.STATEMENTS.length()).split(Pattern.quote(Samples.BETWEEN))) {
                        b.append("<li").append(st.contains("→ ERROR ") ? " class=\"failed\"" : "").append("><code>")
                                .append(esc(st)).append("</code></li>");
                    }
                    b.append("</ol>");
                }
                b.append("</div>\n");
            }
            b.append("</details>\n");
        });
    }

    /**
     * Each failing outcome's drawing, where the gate recorded both calls: the failed call's lane beside the lane of the
     * call that created its key's row, a row for each statement sent, in the order the gate passed them on. A statement
     * spans the rows of the other call's statements sent while it was in flight (a lock wait shows so), hatched when
     * that was a millisecond or more.
     */
    private static void swimlanes(StringBuilder b, StrategyResult r) {
        for (Swimlane s : r.counts().swimlanes()) {
            b.append("<details class=\"swimlane\" open><summary>why ").append(esc(s.outcome().key()))
                    .append(": a call beside the call that created key ").append(esc(s.key())).append("</summary>\n")
                    .append("<table class=\"lanes\"><tr><th class=\"ms\">ms</th>");
            s.lanes().forEach(l -> b.append("<th>").append(esc(l.who())).append("</th>"));
            b.append("</tr>\n");
            List<long[]> starts = new ArrayList<>();         // {startUs, lane, box}
            for (int l = 0; l < s.lanes().size(); l++) {
                List<Swimlane.Box> boxes = s.lanes().get(l).boxes();
                for (int x = 0; x < boxes.size(); x++) {
                    starts.add(new long[] {boxes.get(x).startUs(), l, x});
                }
            }
            starts.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
            int lanes = s.lanes().size();
            int[] coveredUntil = new int[lanes];
            for (int row = 0; row < starts.size(); row++) {
                long[] at = starts.get(row);
                b.append("<tr><td class=\"ms\">").append(String.format(Locale.ROOT, "%.1f", at[0] / 1000.0)).append("</td>");
                for (int l = 0; l < lanes; l++) {
                    if (l == at[1]) {
                        Swimlane.Box x = s.lanes().get(l).boxes().get((int) at[2]);
                        int span = 1;
                        while (row + span < starts.size() && starts.get(row + span)[0] < x.endUs()
                                && starts.get(row + span)[1] != l) {
                            span++;
                        }
                        coveredUntil[l] = row + span;
                        boolean longWait = x.endUs() - x.startUs() >= 1000;
                        b.append("<td class=\"stmt").append(x.failed() ? " failed" : "").append(longWait ? " long" : "")
                                .append("\"").append(span > 1 ? " rowspan=\"" + span + "\"" : "").append('>');
                        if (longWait) {
                            b.append("<span class=\"tag\">answered after ").append(String.format(Locale.ROOT, "%.1f",
                                    (x.endUs() - x.startUs()) / 1000.0)).append(" ms</span>");
                        }
                        b.append("<code>").append(esc(x.sql())).append("</code><span class=\"answer\">→ ")
                                .append(esc(x.answer())).append("</span></td>");
                    } else if (coveredUntil[l] <= row) {
                        b.append("<td></td>");
                    }
                }
                b.append("</tr>\n");
            }
            b.append("</table></details>\n");
        }
    }

    private static String colour(Outcome o) {
        return switch (o) {
            case CREATED -> "#1b5e20";
            case FOUND -> "#66bb6a";
            case DOES_NOT_EXIST, INTEGRITY_ERROR, OTHER -> "#c62828";
            default -> "#ef6c00";
        };
    }

    private static void bar(StringBuilder b, StrategyResult r) {
        b.append("<svg class=\"outcomes\" width=\"").append(W).append("\" height=\"46\" role=\"img\"><title>outcomes</title>");
        double x = 0;
        int legend = 0;
        for (Outcome o : Outcome.values()) {
            long n = r.outcomes().get(o);
            if (n == 0) {
                continue;
            }
            double w = W * (double) n / Math.max(1, r.calls());
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"20\" fill=\"%s\"><title>%s: %d</title></rect>",
                    x, w, colour(o), o.key(), n));
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"28\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"37\">%s %d</text>",
                    legend, colour(o), legend + 14, o.key(), n));
            legend += 20 + 7 * (o.key().length() + String.valueOf(n).length());
            x += w;
        }
        b.append("</svg>\n");
    }

    /** Every strategy's latency curve on one chart: comparing them is the first thing a reader wants. */
    private static void overlay(StringBuilder b, List<StrategyResult> results) {
        if (results.size() < 2) {
            return;
        }
        boolean manyDatabases = results.stream().map(StrategyResult::database).distinct().count() > 1;
        List<LatencyChart.Series> series = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            StrategyResult r = results.get(i);
            series.add(new LatencyChart.Series(r.strategy() + " at " + r.condition()
                    + (manyDatabases ? " on " + r.database() : ""), PALETTE[i % PALETTE.length], r.latency().all()));
        }
        b.append("<h2>Latency of every strategy, by percentile</h2>\n");
        new LatencyChart(900, 320, 300).draw(b, "overlay", "latency of every strategy by percentile", series);
    }

    /** Distinct, colour-blind-safe colours (Okabe and Ito, then Tol's muted). */
    private static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
        "#000000", "#882255", "#117733", "#999933", "#332288", "#AA4499"};

    /** Successful and failed calls of one strategy, by percentile. */
    private static void curves(StringBuilder b, StrategyResult r) {
        new LatencyChart(W, H, 130).draw(b, "latency", "latency by percentile", List.of(
                new LatencyChart.Series("successful calls", "#2e7d32", r.latency().success()),
                new LatencyChart.Series("failed calls", "#c62828", r.latency().failure())));
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
