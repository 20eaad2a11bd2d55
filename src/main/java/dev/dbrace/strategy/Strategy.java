package dev.dbrace.strategy;

import dev.dbrace.db.Capability;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import java.sql.SQLException;
import java.util.Set;

/**
 * One way to get-or-create the row for a key and then update its {@code state}, as one caller's
 * unit of work. Implementations issue their SQL through a {@link Session}, which counts every
 * database error on the way, and leave the transaction committed when they return normally.
 * On an exception the harness rolls back.
 */
public interface Strategy {

    /** The name on the command line and in reports, e.g. {@code commit-then-get}. */
    String name();

    /** One line on what the strategy does. */
    String summary();

    /** The level this strategy insists on, or null to run at the database's default. */
    default Isolation isolation() {
        return null;
    }

    /**
     * True when the first statement of the sequence is a read; {@code dbrace explain} then replays
     * the read-first interleaving, otherwise the write-first one.
     */
    default boolean readsFirst() {
        return false;
    }

    /** What the strategy's SQL needs beyond the basics every dialect has. */
    default Set<Capability> needs() {
        return Set.of();
    }

    /** False when the server cannot express this strategy; it is then skipped with a reason, not faked. */
    default boolean supportedBy(Dialect dialect) {
        return dialect.capabilities().containsAll(needs());
    }

    /**
     * Gets or creates the row for {@code key} and sets its state.
     *
     * @throws DoesNotExistException when the strategy's final read found no row
     * @throws SQLException          any database error that escapes to the caller
     */
    CallResult call(Session s, Key key, boolean state) throws SQLException, DoesNotExistException;
}
