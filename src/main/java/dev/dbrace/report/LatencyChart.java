package dev.dbrace.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * An inline SVG of latency by percentile, for one or many series: x is HdrHistogram's log
 * percentile axis (50 % … 99.99 %, so 90, 99 and 99.9 % are evenly spaced), y is milliseconds on a
 * log scale with 1-2-5 ticks, so the body of a curve is not flattened against zero by its maximum.
 */
final class LatencyChart {

    /** One curve: a name for the legend, its colour, and the histogram in microseconds. */
    record Series(String name, String colour, Histogram histogram) {
    }

    private static final double MAX_X = 4;    // log10(1 / (1 - 0.9999))
    private static final double MIN_X = Math.log10(2);
    private static final int LEFT = 56;
    private static final int TOP = 10;

    private final int width;
    private final int height;
    private final int legendWidth;

    LatencyChart(int width, int height, int legendWidth) {
        this.width = width;
        this.height = height;
        this.legendWidth = legendWidth;
    }

    /** Appends the SVG for {@code series}; series without calls are left out. */
    void draw(StringBuilder b, String cssClass, String title, List<Series> series) {
        List<Series> drawn = series.stream().filter(s -> s.histogram().getTotalCount() > 0).toList();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Series s : drawn) {
            lo = Math.min(lo, Math.max(1, s.histogram().getValueAtPercentile(50)) / 1000.0);
            hi = Math.max(hi, Math.max(1, s.histogram().getMaxValue()) / 1000.0);
        }
        if (drawn.isEmpty()) {
            lo = 0.1;
            hi = 1;
        }
        double yMin = Math.pow(10, Math.floor(Math.log10(lo)));
        double yMax = niceCeiling(Math.max(hi, yMin * 2));
        int right = width - legendWidth - 10;
        int bottom = height - 24;
        b.append("<svg class=\"").append(cssClass).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\"><title>").append(HtmlFormat.esc(title)).append("</title>");
        for (double tick : ticks(yMin, yMax)) {
            double y = y(tick, yMin, yMax, bottom);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, y, right, y, LEFT - 4, y + 4, label(tick)));
        }
        for (double p : new double[] {50, 90, 99, 99.9, 99.99}) {
            double x = x(p, right);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%%</text>", x, TOP, x, bottom, x, height - 8,
                    p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)));
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                + "<text x=\"4\" y=\"%d\" transform=\"rotate(-90 10 %d)\">ms</text>",
                LEFT, bottom, right, bottom, LEFT, TOP, LEFT, bottom, TOP + 40, TOP + 40));
        int legendY = TOP + 10;
        for (Series s : drawn) {
            b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.colour()).append("\" points=\"")
                    .append(points(s.histogram(), yMin, yMax, right, bottom)).append("\"><title>")
                    .append(HtmlFormat.esc(s.name())).append("</title></polyline>");
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", right + 12, legendY - 9, s.colour(), right + 26, legendY,
                    HtmlFormat.esc(s.name())));
            legendY += 16;
        }
        b.append("</svg>\n");
    }

    /** The smallest 1, 2 or 5 times a power of ten that is at least {@code v}. */
    static double niceCeiling(double v) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        for (int m : new int[] {1, 2, 5, 10}) {
            if (decade * m >= v * 0.9999) {
                return decade * m;
            }
        }
        return decade * 10;
    }

    /** 1-2-5 ticks from {@code min}, a power of ten, up to {@code max}. */
    static List<Double> ticks(double min, double max) {
        List<Double> ticks = new ArrayList<>();
        for (double decade = min; decade <= max * 1.0001; decade *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (decade * m <= max * 1.0001) {
                    ticks.add(decade * m);
                }
            }
        }
        return ticks;
    }

    private static String label(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%s", trim(ms));
    }

    private static String trim(double d) {
        String s = String.format(Locale.ROOT, "%.3f", d);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static double x(double percentile, int right) {
        double xLog = percentile >= 100 ? MAX_X : Math.min(MAX_X, Math.log10(1 / (1 - percentile / 100)));
        return LEFT + (right - LEFT) * (xLog - MIN_X) / (MAX_X - MIN_X);
    }

    private static double y(double ms, double yMin, double yMax, int bottom) {
        double clamped = Math.max(yMin, Math.min(yMax, ms));
        return bottom - (bottom - TOP) * (Math.log10(clamped) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin));
    }

    private static String points(Histogram h, double yMin, double yMax, int right, int bottom) {
        List<String> pts = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            if (p < 50) {
                continue;
            }
            pts.add(String.format(Locale.ROOT, "%.1f,%.1f", x(p, right), y(v.getValueIteratedTo() / 1000.0, yMin, yMax, bottom)));
            if (p >= 99.99) {
                break;
            }
        }
        return String.join(" ", pts);
    }
}
