package dev.dbrace.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** One call of a race, as your {@link GetOrCreate} sees it. */
public interface Call {

    /** The key's {@code thing_id} on dbrace's tables (the first key column's value on your own table, if a number). */
    long thingId();

    /** The key's {@code owner_id} on dbrace's tables (the second key column's value on your own table, if a number). */
    long ownerId();

    /** The key's values in the order of the key columns: {@code [thing_id, owner_id]}, or your table's. */
    List<Object> key();

    /** The state this call writes. */
    boolean state();

    /** The table the race writes: {@code dbrace_myobj}, or yours. */
    String table();

    /**
     * This thread's connection from dbrace's pool: autocommit off, at the race's isolation level, with
     * its lock waits bounded by the call timeout. Taken on first use and kept for the thread's calls;
     * committed by dbrace after a normal return, rolled back after an exception.
     */
    Connection connection() throws SQLException;

    /**
     * The race's DataSource, for ORMs that manage their own connections: it hands out connections
     * configured like {@link #connection()} and lets dbrace count the errors your code handles.
     */
    DataSource dataSource();
}
