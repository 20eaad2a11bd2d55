package dev.dbrace.db;

import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorClassifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything dbrace knows about one family of server, in one place: its SQL fragments, version
 * checks, preflight queries, driver and session settings, and error-code table. Made by the
 * {@link DialectProvider} that recognised the server (see {@link Dialects#of}), so a
 * {@code jdbc:mysql:} URL that reaches MariaDB gets the MariaDB dialect. Strategies ask a dialect for
 * {@link Capability capabilities} and statements, never for a family.
 */
public interface Dialect {

    /** The provider's name: {@code mariadb}, {@code mysql}, {@code postgresql}. */
    String name();

    /** The product as reports name it: {@code MariaDB}, {@code MySQL}, {@code PostgreSQL}. */
    String product();

    /** The version as reports show it. */
    default String version() {
        return server().versionText();
    }

    ServerInfo server();

    ErrorClassifier classifier();

    /**
     * The kind of error {@code e} is, raised at {@code step} ({@link dev.dbrace.outcome.Steps}): the
     * classifier's answer, unless the step changes it (on a Galera node a 1213 at COMMIT is a
     * certification failure).
     */
    default DbError classify(SQLException e, String step) {
        return classifier().classify(e);
    }

    /** The same for an error known only by its parts (a worker's report): either may be missing (0, null). */
    default DbError classify(int vendorCode, String sqlState, String step) {
        return classifier().classify(vendorCode, sqlState, false);
    }

    /**
     * This dialect as it applies to the server behind {@code c}, once more than the version text is
     * known: a MariaDB that is a Galera node gets the cluster's dialect. Most dialects are final here.
     */
    default Dialect refine(Connection c) throws SQLException {
        return this;
    }

    Set<Capability> capabilities();

    // --- driver and session settings ---

    /**
     * Driver properties every connection to this server gets (set-up, verification and racing).
     * Connector/J's {@code useAffectedRows}, for one, is what lets an upsert tell found from created.
     */
    Map<String, String> driverProperties();

    /**
     * Of {@link #driverProperties()}, those only dbrace's own SQL relies on, left off the connections
     * handed to the user's code so that it meets the driver's defaults (Connector/J's
     * {@code useAffectedRows} makes an UPDATE that changes nothing report 0 rows, which Hibernate
     * takes for a row deleted under it).
     */
    default Set<String> ownSqlOnlyProperties() {
        return Set.of();
    }

    /**
     * Driver properties that bound every racing session: one lock wait to {@code lockWait}, one
     * statement to a little more, so that no call can hang a run and lock waits show as such.
     */
    Map<String, String> sessionLimits(Duration lockWait);

    /**
     * {@link #sessionLimits} with {@code settings} added: the driver properties that make every racing
     * connection run with them from connect time ({@code --set}).
     */
    Map<String, String> sessionProperties(Duration lockWait, Settings settings);

    /** A setting's value as this session sees it. */
    String readSetting(Connection c, String name) throws SQLException;

    /** Each of {@code asked}'s settings as this session sees it, in the words it was asked in ({@link Settings#shown}). */
    default Map<String, String> readSettings(Connection c, Settings asked) throws SQLException {
        Map<String, String> read = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : asked.values().entrySet()) {
            read.put(e.getKey(), Settings.shown(e.getValue(), readSetting(c, e.getKey())));
        }
        return read;
    }

    /** The isolation level the session really runs at, read from the server. */
    Isolation readIsolation(Connection c) throws SQLException;

    /** The server's default isolation level for new sessions. */
    Isolation defaultIsolation(Connection c) throws SQLException;

    // --- tables ---

    /** DDL for a table marked with {@link Schema#OWNER_MARK}: {@code CREATE TABLE name (columns)} and whatever marks it. */
    List<String> createMarkedTable(String name, String columns);

    /** The column definition of an auto-generated 64-bit primary key named {@code id}. */
    String generatedIdColumn();

    /** Returns the comment on a table in the current schema, or null when no such table exists. */
    String tableComment(Connection c, String table) throws SQLException;

    /** The SQL expression naming the schema unqualified tables are in: {@code DATABASE()}, {@code current_schema()}. */
    String currentSchema();

    // --- statements strategies use ---

    /** Appended to a SELECT to lock the rows it reads for update. */
    default String forUpdate() {
        return " FOR UPDATE";
    }

    /** Appended to a SELECT to lock the rows it reads in share mode. */
    default String forShare() {
        return " FOR SHARE";
    }

    /**
     * An INSERT of {@code (thing_id, owner_id, state)} that does nothing when the key exists; its
     * update count is 1 when it inserted, 0 when not. Needs {@link Capability#INSERT_IGNORING_DUPLICATE}.
     */
    String insertIgnoringDuplicate(String table);

    /**
     * The {@code LAST_INSERT_ID} the server reported with the statement just executed on {@code ps}, read
     * from the driver without a round trip; 0 when this dialect's driver cannot tell.
     */
    default long lastInsertId(Statement ps) throws SQLException {
        return 0;
    }

    /**
     * The rows the UPDATE just executed on {@code ps} matched, changed or not, read from the driver without a
     * round trip. {@code updateCount} is what the driver returned; a driver that counts changed rows only
     * (Connector/J with {@code useAffectedRows}) still reports the matches in its OK packet's info.
     */
    default int rowsMatched(Statement ps, int updateCount) throws SQLException {
        return updateCount;
    }

    /** The native upsert of {@code (thing_id, owner_id, state)}. Needs {@link Capability#UPSERT}. */
    Upsert upsert(String table);

    // --- preflight and explain ---

    /** Why this server will not take writes (a replica, read-only mode), or empty when it will. */
    Optional<String> writeRefusal(Connection c) throws SQLException;

    /** How many client connections the server allows and how many are taken. */
    ConnectionBudget connectionBudget(Connection c) throws SQLException;

    /** The server's id of the session behind {@code c} ({@code CONNECTION_ID()}, {@code pg_backend_pid()}). */
    long sessionId(Connection c) throws SQLException;

    /**
     * True when session {@code sessionId} is waiting for a lock right now, as the server's lock views say (read on
     * {@code admin}). Live: a lock granted by another session's COMMIT no longer shows by the time that COMMIT returns.
     */
    boolean waitsForLock(Connection admin, long sessionId) throws SQLException;

    /**
     * Of {@code sessions}, those waiting for a lock right now, as {@link #waitsForLock} says of each; a dialect may
     * look at its lock views once for all of them.
     */
    default Set<Long> lockWaiters(Connection admin, Set<Long> sessions) throws SQLException {
        Set<Long> waiting = new HashSet<>();
        for (long id : sessions) {
            if (waitsForLock(admin, id)) {
                waiting.add(id);
            }
        }
        return waiting;
    }

    /**
     * The same where only row locks can be waited for: no statement that takes an exclusive metadata lock or a table
     * lock (DDL, LOCK TABLES: statements the explorer cannot read) has run on the sessions that may hold one. A dialect
     * may skip the views of those other locks; by default it looks at every view.
     */
    default Set<Long> rowLockWaiters(Connection admin, Set<Long> sessions) throws SQLException {
        return lockWaiters(admin, sessions);
    }

    // --- nodes and replication ---

    /** Who the server behind {@code c} is: its id, its role and the size of the cluster it says it is in. */
    Node node(Connection c) throws SQLException;

    /**
     * The cluster's own counters of conflicts on this node, such as Galera's {@code wsrep_local_cert_failures}
     * and {@code wsrep_local_bf_aborts}; empty for a server that keeps none.
     */
    default Map<String, Long> clusterCounters(Connection c) throws SQLException {
        return Map.of();
    }

    /**
     * The position of everything this server has committed, in the terms its replicas apply it (a WAL
     * LSN, a GTID position, a Galera seqno); empty when it has none to offer.
     */
    default Optional<String> committedPosition(Connection c) throws SQLException {
        return Optional.empty();
    }

    /** True once the server behind {@code c} has applied {@code position}, a {@link #committedPosition} of another. */
    default boolean applied(Connection c, String position) throws SQLException {
        return true;
    }

    /**
     * One server as it describes itself.
     *
     * @param id          {@code server_id=2}, {@code system_identifier=7312…}: what tells servers apart
     * @param role        {@code primary}, {@code replica} or {@code cluster node}
     * @param clusterSize how many servers it says take part (itself included); 1 alone
     * @param fingerprint where it keeps its data, as it says (host, port, data directory): two URLs with one
     *                    fingerprint reach one server
     */
    record Node(String id, String role, int clusterSize, String fingerprint) {
    }

    /**
     * Connections a server allows and uses.
     *
     * @param reserved slots kept for superusers, not available to dbrace
     */
    record ConnectionBudget(long max, long used, long reserved) {
        public long free() {
            return max - used - reserved;
        }
    }
}
