package dev.dbrace.db;

import dev.dbrace.outcome.ErrorClassifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * What differs between server families: DDL, how to read the effective isolation level back,
 * how to bound lock waits, and how errors are classified. Chosen from the {@link ServerInfo} the
 * server reports, so a {@code jdbc:mysql:} URL that reaches MariaDB gets the MariaDB dialect.
 */
public interface Dialect {

    ServerInfo server();

    default Family family() {
        return server().family();
    }

    ErrorClassifier classifier();

    /** DDL for the three tables, parents first; every table carries {@link Schema#OWNER_MARK}. */
    List<String> createTables(String thing, String owner, String myobj);

    /** Returns the comment on a table in the current schema, or null when no such table exists. */
    String tableComment(Connection c, String table) throws SQLException;

    /**
     * Driver properties that bound every racing session: one lock wait to {@code lockWait}, one
     * statement to a little more, so that no call can hang a run and lock waits show as such.
     */
    java.util.Map<String, String> sessionLimits(Duration lockWait);

    /** The isolation level the session really runs at, read from the server. */
    Isolation readIsolation(Connection c) throws SQLException;

    /** The server's default isolation level for new sessions. */
    Isolation defaultIsolation(Connection c) throws SQLException;

    /** How many transactions on the server are waiting for a row lock right now (for explain's timeline). */
    int lockWaits(Connection c) throws SQLException;

    static Dialect of(ServerInfo info) {
        return info.family() == Family.POSTGRESQL ? new PostgresDialect(info) : new MysqlDialect(info);
    }
}
