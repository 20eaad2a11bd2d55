package dev.dbrace.explain;

/**
 * One explored session's transaction as the dependence relation needs it: whether its snapshot is fixed, and what it
 * holds (tables it locked or wrote) and would publish at COMMIT (tables it wrote). Kept by the session's own thread
 * as it sends each statement; read by the explorer through the footprint of the statement the session waits to send.
 */
final class Transaction {

    volatile boolean snapshotFixed;
    volatile Tables held = Tables.NONE;
    volatile Tables written = Tables.NONE;

    boolean holds() {
        return !held.isEmpty();
    }

    void end() {
        snapshotFixed = false;
        held = Tables.NONE;
        written = Tables.NONE;
    }
}
