package dev.dbrace.race;

import dev.dbrace.verify.HistoryCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every call of a race through a fault, as {@link HistoryCheck} reads it: key, node, start, end, outcome, id, and
 * whether its commit is in doubt. Each racing thread appends to a list of its own; the lists are read once the
 * threads have stopped. {@link #NONE}, the null object of a race without a fault, keeps nothing.
 */
final class CallHistory {

    /** A race without a fault: nothing is kept, nothing is counted. */
    static final CallHistory NONE = new CallHistory(new String[0]);

    private final String[] nodeOfWorker;
    private final List<List<HistoryCheck.Call>> perWorker = new ArrayList<>();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong answeredAfterHealed = new AtomicLong();
    private final AtomicLong firstStartNanos = new AtomicLong();
    private final AtomicLong healedNanos = new AtomicLong();
    private volatile long struckNanos = Long.MAX_VALUE;

    /** @param nodeOfWorker the node each racing thread writes through, by its index */
    CallHistory(String[] nodeOfWorker) {
        this.nodeOfWorker = nodeOfWorker;
        for (int i = 0; i < nodeOfWorker.length; i++) {
            perWorker.add(new ArrayList<>());
        }
    }

    boolean on() {
        return nodeOfWorker.length > 0;
    }

    /** One answered call of thread {@code worker}, on that thread. */
    void add(int worker, long key, long startNanos, long endNanos, Caller.Call c) {
        if (!on()) {
            return;
        }
        perWorker.get(worker).add(new HistoryCheck.Call(Long.toString(key), nodeOfWorker[worker], startNanos, endNanos,
                c.outcome(), c.id(), c.inDoubt()));
        if (firstStartNanos.get() == 0) {
            firstStartNanos.compareAndSet(0, startNanos);
        }
        answered.incrementAndGet();
        if (startNanos > struckNanos && c.outcome().isSuccess() && healedNanos.get() == 0) {
            healedNanos.compareAndSet(0, endNanos);     // the first call that began after the strike and succeeded
        }
        if (healedNanos.get() != 0) {
            answeredAfterHealed.incrementAndGet();
        }
    }

    void struck(long nanos) {
        struckNanos = nanos;
    }

    /** When the failover ended: the first call that began after the strike succeeded; 0 until then. */
    long healedNanos() {
        return healedNanos.get();
    }

    long answered() {
        return answered.get();
    }

    long answeredAfterHealed() {
        return answeredAfterHealed.get();
    }

    /** When the first call started; 0 before any was answered. */
    long firstStartNanos() {
        return firstStartNanos.get();
    }

    /** Every call, once the threads have stopped. */
    List<HistoryCheck.Call> calls() {
        List<HistoryCheck.Call> all = new ArrayList<>();
        perWorker.forEach(all::addAll);
        return all;
    }
}
