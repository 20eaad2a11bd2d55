package dev.dbrace.measure;

/**
 * A point in a race: the monotonic clock and the process's CPU time, read together, so that a span
 * yields both its wall time and what it cost the client.
 *
 * @param nanos    {@code System.nanoTime()}
 * @param cpuNanos {@link ProcessCpu#nanos()}; 0 where the JVM cannot tell
 */
public record Moment(long nanos, long cpuNanos) {

    public static Moment now() {
        return new Moment(System.nanoTime(), ProcessCpu.nanos());
    }

    /** Wall nanoseconds from this moment to {@code later}. */
    public long wallTo(Moment later) {
        return later.nanos - nanos;
    }

    /** CPU nanoseconds the process used from this moment to {@code later}; 0 when either is unknown. */
    public long cpuTo(Moment later) {
        return cpuNanos == 0 || later.cpuNanos == 0 ? 0 : later.cpuNanos - cpuNanos;
    }
}
