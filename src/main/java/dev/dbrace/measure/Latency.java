package dev.dbrace.measure;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Call latencies in microseconds, split into calls that returned a row and calls that failed.
 * One instance per worker thread (no sharing on the hot path); merged after the run.
 *
 * <pre>{@code
 * Latency mine = new Latency();
 * long t0 = System.nanoTime();
 * ... the call ...
 * mine.record(ok, System.nanoTime() - t0);
 * total.add(mine);                       // after the worker has stopped
 * LatencySummary p = LatencySummary.of(total.all());
 * }</pre>
 */
public final class Latency {

    /** Three significant digits; auto-resizing so a worker's histogram only grows as far as its slowest call. */
    private static final int DIGITS = 3;

    private final Histogram success;
    private final Histogram failure;

    public Latency() {
        this(new Histogram(DIGITS), new Histogram(DIGITS));
    }

    private Latency(Histogram success, Histogram failure) {
        this.success = success;
        this.failure = failure;
    }

    /** Latencies read back from saved histograms. */
    public static Latency of(Histogram success, Histogram failure) {
        return new Latency(success, failure);
    }

    public void record(boolean ok, long nanos) {
        long micros = Math.max(1, nanos / 1_000);
        (ok ? success : failure).recordValue(micros);
    }

    public void add(Latency other) {
        success.add(other.success);
        failure.add(other.failure);
    }

    public Histogram success() {
        return success;
    }

    public Histogram failure() {
        return failure;
    }

    /** Successful and failed calls together. */
    public Histogram all() {
        Histogram h = new Histogram(DIGITS);
        h.add(success);
        h.add(failure);
        return h;
    }

    /** The histogram in HdrHistogram's compressed, base64 form (as in {@code .hlog} files). */
    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), len));
    }

    /** The inverse of {@link #encode}. */
    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram", e);
        }
    }
}
