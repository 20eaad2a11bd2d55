package dev.dbrace.race;

import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;

/**
 * One racing thread's way to make a call: dbrace's own SQL over a pooled connection, or the user's
 * code in a worker process. The harness around it (key schedule, latency, ledger, verification) is
 * the same for every caller; a caller only makes the call and says what the caller saw.
 */
public interface Caller extends AutoCloseable {

    /**
     * What one call did.
     *
     * @param id      the row's id when the call returned one; 0 otherwise
     * @param retries retries made inside the call
     * @param inDoubt true when the call may have committed without saying so (a broken connection, a timeout)
     */
    record Call(Outcome outcome, long id, int retries, boolean inDoubt) {
    }

    /**
     * Gets or creates the row for {@code key} and sets its state; what the database did, errors
     * included, comes back as the call's outcome.
     *
     * @throws Broken when the caller itself failed (not the database): the race stops
     */
    Call call(long key, boolean state) throws Broken, InterruptedException;

    /**
     * Round mode: starts this caller's call on {@code key} at once, from the thread that releases the
     * round, before the racing threads wake; {@link #call} then collects the answer. A caller whose
     * call runs in another process (a worker) starts it earlier this way, by one thread wake-up.
     *
     * @return when the call was started ({@link System#nanoTime()}), or 0 when this caller does not
     *         launch (dbrace's own callers: their thread makes the whole call)
     */
    default long launch(long key, boolean state) {
        return 0;
    }

    /** The database errors raised during this caller's calls, handled or escaped, by kind and step. */
    ErrorLog errors();

    /**
     * False when the caller could not see every handled error (a worker that does not report
     * {@code db_errors}); {@link #errors()} then counts only the errors that escaped.
     */
    default boolean errorsComplete() {
        return true;
    }

    /** Ends the caller; never throws. */
    @Override
    void close();

    /** The caller itself failed (a worker that exited or broke the protocol); the message says which and how. */
    final class Broken extends Exception {
        public Broken(String message) {
            super(message);
        }

        public Broken(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
