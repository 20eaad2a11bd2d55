package dev.dbrace.explain;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Where an exploration's time goes, stop by stop: a diagnostic for dbrace's developers, off unless the JVM is started
 * with {@code -Ddbrace.explain.clock=true} ({@code DBRACE_JAVA_OPTS}), then printed on standard error when the
 * exploration ends. Each part is a histogram of spans, in microseconds. {@link #NONE} records nothing: the explorer's
 * path pays a branch a span, and the clock reads it takes anyway. Set the property with the JVM options
 * {@code scripts/dbrace} would choose, as {@code DBRACE_JAVA_OPTS} replaces them:
 * {@code DBRACE_JAVA_OPTS="-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Ddbrace.explain.clock=true"}.
 */
final class StopClock {

    /** The spans a run is made of, as the explorer and the steppers see them. */
    enum Part {
        RUN_START("a run's start, until every session waits at its first stop"),
        GRANT_TO_SEND("the explorer's grant, until the statement goes on"),
        IN_FLIGHT("a statement sent, until its answer (a blocked one's wait included)"),
        CODE("an answer, until the code's next statement (the ORM, its driver, the gate's relay)"),
        MOVE_TO_SETTLED("a session's move, until the explorer has settled"),
        SETTLED_TO_GRANT("settled, until the next grant (choosing)"),
        LOCK_VIEWS("one read of the server's lock views"),
        RUN_END("the last grant, until every call has answered (a run cut short: until it was cut)"),
        BETWEEN_RUNS("a run's return, until the next one starts (its class kept, the next key's parents made)");

        final String what;

        Part(String what) {
            this.what = what;
        }
    }

    /** Records nothing. */
    static final StopClock NONE = new StopClock(false);

    private final boolean on;
    private final Map<Part, Histogram> spansUs = new EnumMap<>(Part.class);

    private StopClock(boolean on) {
        this.on = on;
        for (Part p : Part.values()) {
            spansUs.put(p, new ConcurrentHistogram(3));
        }
    }

    /** A recording clock when the JVM's {@code dbrace.explain.clock} property is true; else {@link #NONE}. */
    static StopClock fromProperty() {
        return Boolean.getBoolean("dbrace.explain.clock") ? recording() : NONE;
    }

    static StopClock recording() {
        return new StopClock(true);
    }

    /** How many spans of {@code part} were recorded. */
    long spans(Part part) {
        return spansUs.get(part).getTotalCount();
    }

    /** One span of {@code part} that began at {@code startNanos} ({@link System#nanoTime()}) and ends now. */
    void since(Part part, long startNanos) {
        if (on && startNanos != 0) {
            long spanNanos = System.nanoTime() - startNanos;
            if (spanNanos >= 0) {
                spansUs.get(part).recordValue(spanNanos / 1000);
            }
        }
    }

    /** One line a part: how many spans, their sum, mean, median and 90th percentile. */
    void print(PrintStream out, long elapsedMs, long runs) {
        if (!on) {
            return;
        }
        out.printf("explain clock: %d runs in %d ms (%.2f ms a run)%n", runs, elapsedMs,
                runs == 0 ? 0.0 : (double) elapsedMs / runs);
        out.printf("%-18s %9s %10s %9s %9s %9s  %s%n", "part", "spans", "sum ms", "mean µs", "p50 µs", "p90 µs", "span");
        for (Part p : Part.values()) {
            Histogram h = spansUs.get(p);
            long n = h.getTotalCount();
            double sumMs = n == 0 ? 0 : h.getMean() * n / 1000.0;
            out.printf("%-18s %9d %10.1f %9.1f %9d %9d  %s%n", p.name().toLowerCase(), n, sumMs, h.getMean(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(90), p.what);
        }
    }
}
