package dev.dbrace.race;

import dev.dbrace.measure.Moment;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

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
    private final long warmup;
    private final long durationNanos;
    private final long intervalNanos;
    private final Preparer preparer;
    private long deadlineNanos = Long.MAX_VALUE;
    /** When the first measured round was released; null before. */
    private volatile Moment measuredStart;
    private final BooleanSupplier isStopped = () -> this.stopped;
    private volatile long intendedStartNanos;
    private volatile long current = -1;
    /** What every thread released by the latest trip gets: the round's key, or -1. Set only by the barrier action. */
    private volatile long released = -1;
    private volatile boolean stopped;
    private volatile Exception failure;
    /** Told each round's key as it is released, before any thread wakes; does nothing by default. */
    private volatile LongConsumer onRelease = k -> { };

    /**
     * @param rounds        rounds to run after the warm-up; Long.MAX_VALUE with a duration
     * @param durationNanos how long measured rounds may keep starting; Long.MAX_VALUE for no limit
     * @param intervalNanos with {@code --rate}: the schedule's gap between rounds; 0 for none
     */
    RoundGate(int threads, long warmup, long rounds, long durationNanos, long intervalNanos, Preparer preparer) {
        this.warmup = warmup;
        this.rounds = rounds == Long.MAX_VALUE ? Long.MAX_VALUE : warmup + rounds;
        this.durationNanos = durationNanos;
        this.intervalNanos = intervalNanos;
        this.preparer = preparer;
        this.barrier = new CyclicBarrier(threads, this::advance);
    }

    private void advance() {
        long next = current + 1;
        long now = System.nanoTime();
        if (next == warmup) {
            measuredStart = Moment.now();
            if (durationNanos != Long.MAX_VALUE) {
                deadlineNanos = measuredStart.nanos() + durationNanos;
            }
        }
        if (stopped || next >= rounds || now - deadlineNanos > 0) {
            stopped = true;
            released = -1;
            return;
        }
        try {
            preparer.prepare(next);
            intendedStartNanos = 0;
            if (intervalNanos > 0 && next >= warmup) {
                // fixed rate: hold the round until its slot on the schedule; if the database stalled and
                // the slot has passed, release at once — the wait already counts in the latency
                long intended = measuredStart.nanos() + (next - warmup) * intervalNanos;
                if (!waitUntil(intended, isStopped) || intended - deadlineNanos > 0) {
                    stopped = true;             // stopped while waiting, or the slot lies past the deadline
                    released = -1;
                    return;
                }
                intendedStartNanos = intended;
            }
            current = next;
            released = next;
            onRelease.accept(next);
        } catch (Exception e) {
            failure = e;
            stopped = true;
            released = -1;
        }
    }

    /**
     * Parks until {@code nanoTime} in slices, so that a stop is seen within a few milliseconds; returns
     * false when {@code stopped} became true first.
     */
    static boolean waitUntil(long nanoTime, BooleanSupplier stopped) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, 20_000_000L));
        }
        return !stopped.getAsBoolean();
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

    /** Sets what is told each round's key as it is released (by the releasing thread, before the others wake). */
    void onRelease(LongConsumer action) {
        this.onRelease = action;
    }

    /**
     * Ends the run at the next barrier. Threads finish the call they are in (every statement is
     * bounded by the server-side lock and statement timeouts dbrace sets) and then all leave together; resetting the barrier instead could strand
     * a thread that arrives after the reset.
     */
    void stop() {
        stopped = true;
    }

    /** Rounds started so far, warm-up included (every one raced a key). */
    long started() {
        return current + 1;
    }

    /** Measured rounds started so far. */
    long measured() {
        return Math.max(0, current + 1 - warmup);
    }

    boolean isWarmup(long keyIndex) {
        return keyIndex < warmup;
    }

    /** When the first measured round was released; null before. */
    Moment measuredStart() {
        return measuredStart;
    }

    /** With --rate, the intended start of the round just released; else 0. */
    long intendedStartNanos() {
        return intendedStartNanos;
    }

    /** Why the gate stopped early, if preparing a key failed. */
    Exception failure() {
        return failure;
    }
}
