package dev.dbrace.outcome;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts per enum constant, for one thread. Not thread-safe by design: each worker owns one and
 * the harness merges them with {@link #addAll} after the threads have stopped.
 */
public final class Tally<E extends Enum<E>> {

    private final Class<E> type;
    private final long[] counts;

    public Tally(Class<E> type) {
        this.type = type;
        this.counts = new long[type.getEnumConstants().length];
    }

    public void add(E e) {
        counts[e.ordinal()]++;
    }

    public void add(E e, long n) {
        counts[e.ordinal()] += n;
    }

    public long get(E e) {
        return counts[e.ordinal()];
    }

    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    public void addAll(Tally<E> other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    /** Every constant in declaration order, zeros included. */
    public Map<E, Long> asMap() {
        Map<E, Long> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, counts[e.ordinal()]);
        }
        return m;
    }
}
