package dev.dbrace.verify;

import dev.dbrace.outcome.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the calls claimed, per key, so that {@link Verifier} can hold it against the table:
 * the id callers were given, which states successful calls wrote, how many callers were told they
 * created the row, and whether any call ended in a way that leaves its commit in doubt.
 *
 * <p>Sixteen bytes a key, no per-call storage; written concurrently by the workers with atomics.
 * Capacity grows in chunks, so a {@code --duration} run need not know its key count up front.
 */
public final class Ledger {

    static final int WROTE_FALSE = 1;
    static final int WROTE_TRUE = 2;
    static final int TOUCHED = 4;
    static final int IN_DOUBT = 8;
    private static final int CHUNK = 1 << 14;
    private static final int MAX_CONFLICTS = 20;

    private volatile Chunk[] chunks = new Chunk[0];
    private final ConcurrentLinkedQueue<String> conflicts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger conflictCount = new AtomicInteger();

    private static final class Chunk {
        final AtomicLongArray ids = new AtomicLongArray(CHUNK);
        final AtomicIntegerArray flags = new AtomicIntegerArray(CHUNK);
        final AtomicIntegerArray creates = new AtomicIntegerArray(CHUNK);
    }

    /** Makes keys {@code 0..count-1} recordable. Not concurrent with itself. */
    public synchronized void ensureCapacity(long count) {
        int need = (int) ((count + CHUNK - 1) / CHUNK);
        if (need > chunks.length) {
            Chunk[] grown = Arrays.copyOf(chunks, need);
            for (int i = chunks.length; i < need; i++) {
                grown[i] = new Chunk();
            }
            chunks = grown;
        }
    }

    /** Keys that can be recorded. */
    public long capacity() {
        return (long) chunks.length * CHUNK;
    }

    /**
     * Records one call on key {@code index}: its outcome, the id it returned (0 if none), the state it
     * wrote, and whether its COMMIT may have landed although the caller saw an error.
     */
    public void record(long index, Outcome outcome, long id, boolean state, boolean inDoubt) {
        Chunk c = chunks[(int) (index / CHUNK)];
        int i = (int) (index % CHUNK);
        int bits = TOUCHED;
        if (outcome.isSuccess()) {
            bits |= state ? WROTE_TRUE : WROTE_FALSE;
            if (id != 0 && !c.ids.compareAndSet(i, 0, id)) {        // 0: the call named no id, nothing to compare
                long first = c.ids.get(i);
                if (first != id) {
                    conflict("key #" + index + ": one call returned id " + first + ", another id " + id);
                }
            }
            if (outcome == Outcome.CREATED) {
                c.creates.incrementAndGet(i);
            }
        } else if (inDoubt) {
            bits |= IN_DOUBT;   // the COMMIT may have reached the server before the connection broke
        }
        int old;
        do {
            old = c.flags.get(i);
        } while ((old | bits) != old && !c.flags.compareAndSet(i, old, old | bits));
    }

    private void conflict(String message) {
        if (conflictCount.incrementAndGet() <= MAX_CONFLICTS) {
            conflicts.add(message);
        }
    }

    long id(long index) {
        return chunks[(int) (index / CHUNK)].ids.get((int) (index % CHUNK));
    }

    int flags(long index) {
        return chunks[(int) (index / CHUNK)].flags.get((int) (index % CHUNK));
    }

    int creates(long index) {
        return chunks[(int) (index / CHUNK)].creates.get((int) (index % CHUNK));
    }

    int conflictCount() {
        return conflictCount.get();
    }

    List<String> conflicts() {
        return new ArrayList<>(conflicts);
    }
}
