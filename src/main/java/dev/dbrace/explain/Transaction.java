package dev.dbrace.explain;

/**
 * One explored session's transaction as the dependence relation needs it: whether its snapshot is fixed, what it
 * holds (tables it locked or wrote) and would publish at COMMIT (tables it wrote), and whether it set a savepoint before
 * it touched a table (on InnoDB a ROLLBACK TO such a savepoint rolls the engine's whole transaction back, snapshot
 * included). Kept by the session's own thread
 * as it sends each statement; read by the explorer through the footprint of the statement the session waits to send.
 */
final class Transaction {

    volatile boolean snapshotFixed;
    volatile Tables held = Tables.NONE;
    volatile Tables written = Tables.NONE;
    volatile boolean savepointBeforeFirstTouch;

    boolean holds() {
        return !held.isEmpty();
    }

    void end() {
        snapshotFixed = false;
        held = Tables.NONE;
        written = Tables.NONE;
        savepointBeforeFirstTouch = false;
    }

    /** Nothing read or written yet, as far as the statements could be read. */
    boolean untouched() {
        return !snapshotFixed && held.isEmpty() && written.isEmpty();
    }
}
