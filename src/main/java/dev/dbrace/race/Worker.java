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

    /** What every worker of one race shares. */
    record Crew(KeySchedule schedule, CyclicBarrier start, Ledger ledger) {
    }

    private final Crew crew;
    private final Caller caller;
    private final KeySchedule.Cursor cursor;
    final WorkerStats stats = new WorkerStats();
    volatile Throwable crash;

    Worker(int index, Caller caller, Crew crew) {
        this.crew = crew;
        this.caller = caller;
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
     * One call. {@code t0} is when it was meant to start (with --rate, its slot on the schedule, so
     * time spent queued behind a stalled database counts); {@code measured} is false in the warm-up.
     */
    private void call(long k, boolean state, long t0, boolean measured) throws Caller.Broken, InterruptedException {
        Caller.Call c;
        try {
            c = caller.call(k, state);
        } catch (Caller.Broken e) {
            // the caller died mid-call: whatever it did to the key may have committed
            crew.ledger().record(k, Outcome.OTHER, 0, state, true);
            throw e;
        }
        long elapsed = System.nanoTime() - t0;
        crew.ledger().record(k, c.outcome(), c.id(), state, c.inDoubt());
        if (measured) {
            stats.record(c.outcome(), elapsed, c.retries());
        }
    }
}
