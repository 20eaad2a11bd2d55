package dev.dbrace.explain;

/**
 * Which of one session's statements are stops, and what each stop does as others see it: every statement is,
 * except one the dependence relation shows independent of everything ({@link Footprint#isolated()}), which runs glued
 * to the session's next stop. In the unreduced search every statement is a stop. Keeps the session's
 * {@link Transaction} as its statements are sent.
 */
final class Stops {

    private final Dependence rules;
    private final boolean every;
    /** The session's transaction by the statements it has run (the one sent last counts once the next comes). */
    private final Transaction tx = new Transaction();
    private String pendingSql;
    private Dependence.Mode pendingMode;
    /** The statement sent last takes locks (or cannot be read): it may hold some while it runs. */
    private volatile boolean pendingLocks;

    /** @param every the unreduced search: every statement a stop */
    Stops(Dependence rules, boolean every) {
        this.rules = rules;
        this.every = every;
    }


    /**
     * The session sends {@code sql} next, in {@code mode}: its footprint when it is a stop, null when it runs glued.
     * The session's transaction moves on either way.
     */
    Footprint next(String sql, Dependence.Mode mode) {
        ran();
        Footprint f = rules.footprint(sql, tx, mode);
        pendingSql = sql;
        pendingMode = mode;
        pendingLocks = f.locks() || f.opaque();
        return every || !f.isolated() ? f : null;
    }

    /** The statement sent last has run (the session sends another, or its call is over). */
    void ran() {
        if (pendingSql != null) {
            rules.sent(pendingSql, tx, pendingMode);
            pendingSql = null;
            pendingLocks = false;
        }
    }

    /**
     * True when the session's transaction may hold row locks another session's statement could wait for: by the
     * statements it has run, or the one it sent last, if that takes locks.
     */
    boolean holdsLocks() {
        return tx.holds() || pendingLocks;
    }

    /**
     * A set-up statement the session sent on its connection before the explorer knew that connection was the call's
     * (a SAVEPOINT, BEGIN or SET before the first read), in {@code mode} as the wire said then: it ran unparked, and
     * its transaction moves on.
     */
    void before(String sql, Dependence.Mode mode) {
        ran();
        rules.sent(sql, tx, mode);
    }

    /**
     * The wire says no transaction is open: nothing is held, and no snapshot fixed. A savepoint set before the first
     * table was touched is kept: the server reports no transaction until an engine joins one (MariaDB after {@code
     * SAVEPOINT} alone), yet the savepoint stands until a COMMIT or ROLLBACK.
     */
    void idle() {
        ran();
        boolean savepoint = tx.savepointBeforeFirstTouch;
        tx.end();
        tx.savepointBeforeFirstTouch = savepoint;
    }
}
