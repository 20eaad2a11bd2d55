package dev.dbrace.explain;

/**
 * Counts the moves of an exploration's sessions (parked at a statement, done), so that the explorer can sleep
 * until the next one without missing a move made between its look and its sleep.
 */
final class Moves {

    private final StopClock clock;
    private long count;

    Moves() {
        this(StopClock.NONE);
    }

    Moves(StopClock clock) {
        this.clock = clock;
    }

    /** The exploration's clock, which the run's sessions record their spans in. */
    StopClock clock() {
        return clock;
    }

    synchronized void made() {
        count++;
        notifyAll();
    }

    /** How many moves so far. */
    synchronized long seen() {
        return count;
    }

    /** Returns at once when a move was made since {@code seen}; else at the next move or after {@code millis}. */
    synchronized void awaitAfter(long seen, long millis) throws InterruptedException {
        if (count == seen) {
            wait(millis);
        }
    }
}
