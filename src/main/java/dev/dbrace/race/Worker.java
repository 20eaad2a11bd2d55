package dev.dbrace.race;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.verify.Ledger;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * One racing thread: makes the calls its {@link KeySchedule.Cursor} gives it through its
 * {@link Caller}, times each one, records it in the ledger and counts it in its own
 * {@link WorkerStats}.
 */
final class Worker implements Runnable {

    /**
     * What every worker of one race shares.
     *
     * @param perRound round mode: each call's outcome is also kept by round, for rates per round
     * @param history  every call, when a fault strikes the race; {@link CallHistory#NONE} otherwise
     */
    record Crew(KeySchedule schedule, CyclicBarrier start, Ledger ledger, LagWatch lag, boolean perRound,
                CallHistory history) {
    }

    private final Crew crew;
    private final Caller caller;
    private final KeySchedule.Cursor cursor;
    final WorkerStats stats = new WorkerStats();
    volatile Throwable crash;
    private final int index;
    /** The key launched by the releasing thread, and when; -1 when none is pending. */
    private long launchedKey = -1;
    private long launchedNanos;

    /** This worker's place among the race's threads (which node it writes through: index mod nodes). */
    int index() {
        return index;
    }

    Worker(int index, Caller caller, Crew crew) {
        this.crew = crew;
        this.caller = caller;
        this.index = index;
        this.cursor = crew.schedule().cursor(index);
    }

    @Override
    public void run() {
        try {
            crew.start().await();
            while (cursor.advance()) {
                call(cursor.key(), cursor.state(), cursor.intendedStartNanos(), cursor.measured());
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            crash = t;
            crew.schedule().stop();
            drain();
        } finally {
            stats.errors.addAll(caller.errors());
            stats.errorsComplete = caller.errorsComplete();
        }
    }

    /** After a crash: keep arriving at the schedule until the others have stopped too, so none waits forever. */
    private void drain() {
        try {
            while (cursor.advance()) {
                // stopped: the next round's barrier trip ends the race for everyone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Round mode, on the releasing thread while this worker is parked: starts this worker's call on
     * {@code key} through its caller, if the caller launches; the barrier orders it before {@link #call}.
     */
    void launch(long key) {
        long at = caller.launch(key, RoundSchedule.state(key, index));
        if (at != 0) {
            launchedKey = key;
            launchedNanos = at;
        }
    }

    /**
     * One call. {@code t0} is when it was meant to start (with --rate, its slot on the schedule, so
     * time spent queued behind a stalled database counts); {@code measured} is false in the warm-up.
     */
    private void call(long k, boolean state, long t0, boolean measured) throws Caller.Broken, InterruptedException {
        if (launchedKey == k) {
            t0 = Math.min(t0, launchedNanos);       // the call started when it was launched
            launchedKey = -1;
        }
        Caller.Call c;
        try {
            c = caller.call(k, state);
        } catch (Caller.Broken e) {
            // the caller died mid-call: whatever it did to the key may have committed
            crew.ledger().record(k, Outcome.OTHER, 0, state, true);
            crew.history().add(index, k, t0, System.nanoTime(), new Caller.Call(Outcome.OTHER, 0, 0, true));
            throw e;
        }
        long end = System.nanoTime();
        long elapsed = end - t0;
        if (c.outcome() == Outcome.CREATED) {
            crew.lag().committed(k, end);
        }
        crew.ledger().record(k, c.outcome(), c.id(), state, c.inDoubt());
        crew.history().add(index, k, t0, end, c);
        if (measured) {
            if (crew.perRound()) {
                stats.rounds.record(k, c.outcome());
            }
            stats.record(c.outcome(), elapsed, c.retries());
        }
    }
}
