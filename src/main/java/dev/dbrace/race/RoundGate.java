package dev.dbrace.race;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * Releases all threads into each round together, on a key no thread has touched yet.
 *
 * <p>The last thread to arrive runs the barrier action, which advances the round and prepares its
 * key (creating parent rows when a new owner is needed) while the others are still parked, so the
 * preparation never overlaps a measured call. A round ends only when every thread has returned
 * from its call, so each round is one race among all threads for a fresh row.
 */
final class RoundGate {

    /** Prepares the key of a round before any thread is released into it. */
    interface Preparer {
        void prepare(long keyIndex) throws Exception;
    }

    private final CyclicBarrier barrier;
    private final long rounds;
    private final long deadlineNanos;
    private final Preparer preparer;
    private volatile long current = -1;
    /** What every thread released by the latest trip gets: the round's key, or -1. Set only by the barrier action. */
    private volatile long released = -1;
    private volatile boolean stopped;
    private volatile Exception failure;

    /** @param deadlineNanos a {@link System#nanoTime} after which no round starts; Long.MAX_VALUE for none */
    RoundGate(int threads, long rounds, long deadlineNanos, Preparer preparer) {
        this.rounds = rounds;
        this.deadlineNanos = deadlineNanos;
        this.preparer = preparer;
        this.barrier = new CyclicBarrier(threads, this::advance);
    }

    private void advance() {
        long next = current + 1;
        if (stopped || next >= rounds || System.nanoTime() - deadlineNanos > 0) {
            stopped = true;
            released = -1;
            return;
        }
        try {
            preparer.prepare(next);
            current = next;
            released = next;
        } catch (Exception e) {
            failure = e;
            stopped = true;
            released = -1;
        }
    }

    /** Waits for the other threads; returns the round's key index, or -1 when the run is over. */
    long next() throws InterruptedException {
        try {
            barrier.await();
        } catch (BrokenBarrierException e) {
            return -1;
        }
        // Not "stopped ? -1 : current": a stop() between the trip and this read would send some threads
        // home and leave the others to wait at the next barrier forever. The trip decided for all.
        return released;
    }

    /**
     * Ends the run at the next barrier. Threads finish the call they are in (every statement is
     * bounded by the server-side lock and statement timeouts dbrace sets) and then all leave together; resetting the barrier instead could strand
     * a thread that arrives after the reset.
     */
    void stop() {
        stopped = true;
    }

    /** Rounds started so far. */
    long started() {
        return current + 1;
    }

    /** Why the gate stopped early, if preparing a key failed. */
    Exception failure() {
        return failure;
    }
}
