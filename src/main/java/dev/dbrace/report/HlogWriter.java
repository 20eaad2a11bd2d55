package dev.dbrace.report;

import dev.dbrace.race.StrategyResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes {@code latency.hlog}: an HdrHistogram interval log with one tagged interval per strategy
 * run (tag {@code strategy/isolation/database}), loadable with HdrHistogram's own tools
 * (HistogramLogProcessor {@code -tag}, HistogramLogAnalyzer). Values are microseconds.
 */
public final class HlogWriter {

    private HlogWriter() {
    }

    public static void write(RunReport report, OutputStream out) {
        PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
        HistogramLogWriter w = new HistogramLogWriter(ps);
        long base = report.startedAt().toEpochMilli();
        w.outputComment("dbrace " + report.version() + " call latencies in microseconds, one interval per strategy run");
        w.outputLogFormatVersion();
        w.outputStartTime(base);
        w.setBaseTime(base);
        w.outputLegend();
        long at = base;
        for (StrategyResult r : report.results()) {
            Histogram h = r.latency().all();
            h.setTag(tag(r));
            h.setStartTimeStamp(at);
            at += Math.max(1, r.timing().wallNanos() / 1_000_000);
            h.setEndTimeStamp(at);
            w.outputIntervalHistogram(h);
        }
        ps.flush();
    }

    /** A tag HdrHistogram's log format accepts: no spaces or commas. */
    public static String tag(StrategyResult r) {
        return (r.strategy() + "/" + r.condition() + "/" + r.database()).replaceAll("[^A-Za-z0-9._/:=?@-]", "_");
    }
}
