package dev.dbrace.race;

import dev.dbrace.verify.Ledger;
import dev.dbrace.verify.Verification;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The table a race writes, and everything about it the race needs: setting it up, fresh keys (with
 * any parent rows they need), reading it back against what callers were told, and cleaning up.
 * dbrace's own marked tables ({@link DbraceGround}) are one; a user's own table is another.
 */
public interface Ground {

    /** The table the calls write. */
    String table();

    /** Readies the table before the race: dbrace's are recreated, a user's is checked. */
    void prepare(Connection admin) throws SQLException;

    /** Makes keys {@code 0..keys-1} raceable (their parent rows exist). Not concurrent with itself. */
    void ensureKeys(Connection admin, long keys) throws SQLException;

    /** The columns of the unique key the get-or-create relies on, in the order {@link #key} gives their values. */
    List<String> keyColumns();

    /** The column of the row's id, which callers report. */
    String idColumn();

    /** The key columns' values of key {@code index}. */
    List<Object> key(long index);

    /** Reads the table back and holds it against the ledger. */
    Verification verify(Connection c, Ledger ledger, long keysUsed) throws SQLException;

    /** After the race: dbrace drops its tables unless {@code keep}; a user's table is left as it is. */
    void release(Connection c, boolean keep) throws SQLException;

    /** True for dbrace's own tables, on which its strategies and workers can race. */
    default boolean dbraces() {
        return false;
    }
}
