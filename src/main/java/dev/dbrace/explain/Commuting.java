package dev.dbrace.explain;

import dev.dbrace.outcome.Steps;

/**
 * Which statements of two sessions commute: running them in either order leaves the database, both sessions and
 * everything they see later the same, so {@link Explorer} need not run both orders.
 *
 * <p>What it assumes: a plain read ({@code SELECT} without {@code FOR UPDATE} or {@code FOR SHARE}) takes no lock
 * and changes nothing; it sees only committed rows (its own aside). So it commutes with any statement of another
 * session that does not end a transaction: an uncommitted INSERT, UPDATE or partial rollback is invisible to it
 * whichever runs first, and a read view taken before or after another transaction's first write leaves that
 * transaction out alike (InnoDB's read views, PostgreSQL's snapshots). A {@code COMMIT} or {@code ROLLBACK} does
 * not commute with a read (a {@code ROLLBACK TO SAVEPOINT} counts as one: its first word is ROLLBACK). At
 * SERIALIZABLE nothing commutes: InnoDB turns plain reads into locking reads and PostgreSQL tracks them; at READ
 * UNCOMMITTED neither: InnoDB's plain reads see other sessions' uncommitted rows.
 */
final class Commuting {

    private Commuting() {
    }

    /** True when anything commutes at this level ({@link dev.dbrace.db.Isolation#key()}, as the server reports it). */
    static boolean holdsAt(String isolation) {
        return !isolation.equals(dev.dbrace.db.Isolation.SERIALIZABLE.key())
                && !isolation.equals(dev.dbrace.db.Isolation.READ_UNCOMMITTED.key());
    }

    /** True when {@code a} and {@code b}, the next statements of two sessions, commute (at a level where any do). */
    static boolean commute(String a, String b) {
        return plainRead(a) && !endsTransaction(b) || plainRead(b) && !endsTransaction(a);
    }

    static boolean plainRead(String sql) {
        return Steps.of(sql).equals("SELECT");
    }

    private static boolean endsTransaction(String sql) {
        String step = Steps.of(sql);
        return step.equals("COMMIT") || step.equals("ROLLBACK");
    }
}
