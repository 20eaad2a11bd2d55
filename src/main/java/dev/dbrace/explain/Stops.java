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
    private final Transaction tx = new Transaction();

    /** @param every the unreduced search: every statement a stop */
    Stops(Dependence rules, boolean every) {
        this.rules = rules;
        this.every = every;
    }

    /** Every statement a stop, at a level where nothing is merged: for a session outside an exploration. */
    static Stops every(Dependence rules) {
        return new Stops(rules, true);
    }

    /**
     * The session sends {@code sql} next, in {@code mode}: its footprint when it is a stop, null when it runs glued.
     * The session's transaction moves on either way.
     */
    Footprint next(String sql, Dependence.Mode mode) {
        Footprint f = rules.footprint(sql, tx, mode);
        rules.sent(sql, tx, mode);
        return every || !f.isolated() ? f : null;
    }

    /** The wire says no transaction is open: nothing is held, and no snapshot fixed. */
    void idle() {
        tx.end();
    }
}
