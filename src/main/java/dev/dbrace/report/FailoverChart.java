package dev.dbrace.report;

import dev.dbrace.race.StrategyResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html's picture of a race through a fault: calls answered in each second (those that returned a row in
 * green, the rest in red, stacked), with the strike and the failover's end marked, and the history check below.
 */
final class FailoverChart {

    private static final int W = 700;
    private static final int H = 200;
    private static final int LEFT = 48;
    private static final int TOP = 14;
    private static final int BOTTOM = 24;

    private FailoverChart() {
    }

    static void append(StringBuilder b, StrategyResult r) {
        StrategyResult.Failover f = r.failover();
        if (f.fault().isEmpty()) {
            return;
        }
        b.append("<h3>fault: ").append(HtmlFormat.esc(f.fault())).append("</h3>\n");
        List<StrategyResult.Second> t = f.timeline();
        long max = 1;
        for (StrategyResult.Second s : t) {
            max = Math.max(max, s.ok() + s.failed());
        }
        int right = W - 10;
        int bottom = H - BOTTOM;
        double step = t.isEmpty() ? 1 : (right - LEFT) / (double) t.size();
        b.append("<svg class=\"failover\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" role=\"img\"><title>calls answered per second, with the fault marked</title>");
        for (long tick : new long[] {0, max / 2, max}) {
            double y = y(tick, max, bottom);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d/s</text>", LEFT, y, right, y, LEFT - 4, y + 4, tick));
        }
        for (int i = 0; i < t.size(); i++) {
            StrategyResult.Second s = t.get(i);
            double x = LEFT + i * step;
            double yOk = y(s.ok(), max, bottom);
            double yAll = y(s.ok() + s.failed(), max, bottom);
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2e7d32\">"
                    + "<title>second %d: %d returned a row, %d did not</title></rect>", x, yOk, Math.max(1, step - 1),
                    bottom - yOk, s.second(), s.ok(), s.failed()));
            if (s.failed() > 0) {
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"#c62828\"/>", x, yAll, Math.max(1, step - 1), yOk - yAll));
            }
        }
        mark(b, f.struckMs(), "#000", "struck " + f.node(), step, bottom);
        mark(b, f.healedMs(), "#0072B2", "first success after it", step, bottom);
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">seconds from the first call</text>", LEFT,
                H - 6));
        b.append("</svg>\n<p>");
        if (f.struck() && f.healedMs() >= 0) {
            b.append(String.format(Locale.ROOT, "Struck %s at %.1f s; the first call begun after it succeeded at %.1f s. ",
                    HtmlFormat.esc(f.node()), f.struckMs() / 1000.0, f.healedMs() / 1000.0));
        }
        if (!f.note().isEmpty()) {
            b.append(HtmlFormat.esc(f.note())).append(". ");
        }
        b.append("</p>\n");
        if (f.counts().isEmpty()) {
            return;             // the note says why the history was not checked
        }
        b.append("<table><tr><th>history against the final table</th><th>before</th><th>during</th><th>after</th></tr>");
        row(b, "calls answered", f.calls());
        row(b, "acknowledged creates lost", f.counts().getOrDefault("lost_create", Map.of()));
        row(b, "keys given two ids", f.counts().getOrDefault("created_twice", Map.of()));
        row(b, "found ids gone", f.counts().getOrDefault("found_gone", Map.of()));
        row(b, "in doubt (neither lost nor safe)", f.counts().getOrDefault("unknown", Map.of()));
        b.append("</table>\n");
        for (String x : f.findings()) {
            b.append("<p>&#9888; ").append(HtmlFormat.esc(x)).append("</p>\n");
        }
    }

    private static void mark(StringBuilder b, long ms, String colour, String label, double step, int bottom) {
        if (ms < 0) {
            return;
        }
        double x = LEFT + ms / 1000.0 * step;
        boolean left = x > W * 0.6;         // a label near the right edge goes on the line's left
        b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" fill=\"%s\" text-anchor=\"%s\">%s</text>", x, TOP,
                x, bottom, colour, left ? x - 3 : x + 3, TOP + (colour.equals("#000") ? 0 : 12), colour,
                left ? "end" : "start", HtmlFormat.esc(label)));
    }

    private static void row(StringBuilder b, String what, Map<String, Long> byWindow) {
        b.append("<tr><td>").append(what).append("</td>");
        for (String w : new String[] {"before", "during", "after"}) {
            b.append("<td>").append(byWindow.getOrDefault(w, 0L)).append("</td>");
        }
        b.append("</tr>");
    }

    private static double y(long value, long max, int bottom) {
        return bottom - (bottom - TOP) * (double) value / max;
    }
}
