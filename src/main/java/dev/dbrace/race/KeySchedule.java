package dev.dbrace.race;

import dev.dbrace.measure.Moment;
import java.util.function.LongConsumer;

/**
 * Which key each racing caller calls next, with which state, and when: barrier-aligned rounds on a
 * fresh key ({@link RoundSchedule}) or free-running calls over a few hot keys ({@link HotKeySchedule}).
 */
interface KeySchedule {

    /** One worker's view of the schedule; used by that worker's thread only. */
    interface Cursor {
        /** Moves to the next call; false when the race is over. May block (a round waits for every worker). */
        boolean advance() throws InterruptedException;

        /** The key index of the current call. */
        long key();

        /** The state the current call writes. */
        boolean state();

        /** When the current call was meant to start (with {@code --rate}, its slot on the schedule). */
        long intendedStartNanos();

        /** False during the warm-up: the call is made but not counted. */
        boolean measured();
    }

    Cursor cursor(int worker);

    /**
     * Where rounds release every worker onto one key: {@code launch} is told each round's key as it
     * is released, before any worker wakes. Other schedules ignore it.
     */
    default void onRelease(LongConsumer launch) {
    }

    /** Called once, by the start barrier's action, when every worker is ready. */
    void started();

    /** Ends the race after the calls in flight. */
    void stop();

    /** When the measured part of the race began (after the warm-up). */
    Moment measuredStart();

    /** Keys the race may have written, for verification. */
    long keysUsed();

    /** Rounds to report: measured rounds, or in hot-key mode the most calls one worker made. */
    long rounds(WorkerStats merged);

    /** Why the schedule stopped early (preparing a key failed), or null. */
    Exception failure();
}
