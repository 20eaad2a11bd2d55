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
    /** A statement that names a table has run in the transaction: InnoDB has joined it. */
    volatile boolean engineJoined;
    /** The isolation level the session's default was set to; null while it is the exploration's; "" when not read. */
    volatile String sessionLevel;
    /**
     * The level the transaction going on (or the next one) runs at, set by BEGIN … ISOLATION LEVEL or SET TRANSACTION;
     * null for the session's. Kept until a COMMIT or ROLLBACK, through what the wire says in between (MySQL's SET
     * TRANSACTION comes before its transaction begins).
     */
    volatile String transactionLevel;

    boolean holds() {
        return !held.isEmpty();
    }

    void end() {
        snapshotFixed = false;
        held = Tables.NONE;
        written = Tables.NONE;
        savepointBeforeFirstTouch = false;
        engineJoined = false;
    }

    /**
     * No statement that names a table has run yet (a lock function or a call of an unknown function does not count,
     * which can only flag more savepoints).
     */
    boolean untouched() {
        return !engineJoined && !snapshotFixed;
    }
}
