package dev.dbrace.outcome;

/**
 * How many calls needed how many retries: slot {@code i} counts the calls that retried {@code i}
 * times, the last slot those that retried {@link #SLOTS}{@code - 1} times or more. Owned by one
 * thread while racing; merged afterwards.
 */
public final class RetryCounts {

    /** Slots kept; the summary file's {@code retries.per_call} has at most this many. */
    public static final int SLOTS = 33;

    private final long[] perCall = new long[SLOTS];

    /** Counts one call that retried {@code retries} times. */
    public void add(int retries) {
        perCall[Math.min(SLOTS - 1, retries)]++;
    }

    /** Counts {@code calls} calls that retried {@code retries} times. */
    public void add(int retries, long calls) {
        perCall[Math.min(SLOTS - 1, retries)] += calls;
    }

    public void merge(RetryCounts other) {
        for (int i = 0; i < SLOTS; i++) {
            perCall[i] += other.perCall[i];
        }
    }

    /** Calls that retried {@code retries} times. */
    public long calls(int retries) {
        return perCall[retries];
    }

    /** Retries made over all calls. */
    public long total() {
        long n = 0;
        for (int i = 1; i < SLOTS; i++) {
            n += i * perCall[i];
        }
        return n;
    }

    /** The most retries any one call needed. */
    public int max() {
        for (int i = SLOTS - 1; i > 0; i--) {
            if (perCall[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
