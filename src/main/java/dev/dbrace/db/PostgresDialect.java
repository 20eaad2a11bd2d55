package dev.dbrace.db;

import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorCodes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL: recognised by its {@code version()} text, which starts with "PostgreSQL" (pgjdbc's
 * product name says "PostgreSQL" for every server it reaches, CockroachDB included). Its errors are
 * classified by SQLState alone: pgjdbc reports no vendor code.
 */
public final class PostgresDialect extends BaseDialect {

    static final ErrorCodes ERRORS = ErrorCodes.builder()
            .states(DbError.DUPLICATE_KEY, "23505")
            .states(DbError.FOREIGN_KEY, "23503")
            .states(DbError.DEADLOCK, "40P01")
            .states(DbError.SERIALIZATION_FAILURE, "40001")
            .states(DbError.LOCK_WAIT_TIMEOUT, "55P03")                     // lock_not_available (lock_timeout, NOWAIT)
            .states(DbError.QUERY_TIMEOUT, "57014")                         // query_canceled (statement_timeout, cancel)
            .states(DbError.TRANSACTION_ABORTED, "25P02")                   // in_failed_sql_transaction
            .states(DbError.READ_ONLY, "25006")                             // read_only_sql_transaction
            .states(DbError.ACCESS_DENIED, "42501", "28000", "28P01")       // insufficient_privilege, auth failures
            .states(DbError.CONNECTION, "57P01", "57P02", "57P03")          // admin/crash shutdown, cannot connect now
            .states(DbError.UNKNOWN_DATABASE, "3D000")                      // invalid_catalog_name
            .states(DbError.TOO_MANY_CONNECTIONS, "53300")                  // too_many_connections
            .build();

    PostgresDialect(ServerInfo server) {
        super(server, ERRORS);
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String product() {
        return "PostgreSQL";
    }

    /** pgjdbc's short form ({@code 15.8}) rather than the build description {@code version()} gives. */
    @Override
    public String version() {
        return server.driverVersion();
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.UPSERT, Capability.INSERT_IGNORING_DUPLICATE);
    }

    @Override
    public Map<String, String> driverProperties() {
        return Map.of();
    }

    /** Settings go into the startup packet's {@code options}, beside the limits: {@code -c name=value}. */
    @Override
    public Map<String, String> sessionProperties(Duration lockWait, Settings settings) {
        Map<String, String> p = new HashMap<>(sessionLimits(lockWait));
        StringBuilder options = new StringBuilder(p.get("options"));
        settings.values().forEach((k, v) -> options.append(" -c ").append(k).append('=').append(v.replace(" ", "\\ ")));
        p.put("options", options.toString());
        return p;
    }

    @Override
    public String readSetting(Connection c, String name) throws SQLException {
        return one(c, "SELECT current_setting(?)", name);
    }

    /** {@code lock_timeout} bounds a lock wait, {@code statement_timeout} any statement; set at connect time. */
    @Override
    public Map<String, String> sessionLimits(Duration lockWait) {
        long ms = Math.max(1, lockWait.toMillis());
        // statement_timeout bounds every statement on the server; the socket timeout (seconds) is the last
        // resort for a server that vanished without closing the connection
        return Map.of("options", "-c lock_timeout=" + ms + " -c statement_timeout=" + (ms + 2000),
                "socketTimeout", String.valueOf(ms / 1000 + 20));
    }

    @Override
    public Isolation readIsolation(Connection c) throws SQLException {
        return Isolation.parse(one(c, "SHOW transaction_isolation"));
    }

    @Override
    public Isolation defaultIsolation(Connection c) throws SQLException {
        return Isolation.parse(one(c, "SHOW default_transaction_isolation"));
    }

    @Override
    public List<String> createMarkedTable(String name, String columns) {
        return List.of("CREATE TABLE " + name + " (" + columns + ")",
                "COMMENT ON TABLE " + name + " IS '" + Schema.OWNER_MARK + "'");
    }

    @Override
    public String generatedIdColumn() {
        return "id BIGSERIAL PRIMARY KEY";
    }

    @Override
    public String currentSchema() {
        return "current_schema()";
    }

    @Override
    public String tableComment(Connection c, String table) throws SQLException {
        return one(c, "SELECT COALESCE(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = current_schema() AND c.relname = ?", table);
    }

    @Override
    public String insertIgnoringDuplicate(String table) {
        return "INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (?, ?, ?) "
                + "ON CONFLICT (thing_id, owner_id) DO NOTHING";
    }

    /** {@code xmax = 0} holds for a row version this statement inserted, not for one it updated. */
    @Override
    public Upsert upsert(String table) {
        return new Upsert("INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (?, ?, ?) "
                + "ON CONFLICT (thing_id, owner_id) DO UPDATE SET state = EXCLUDED.state "
                + "RETURNING id, (xmax = 0) AS inserted", Upsert.Shape.RETURNING_ID_AND_INSERTED);
    }

    @Override
    public Optional<String> writeRefusal(Connection c) throws SQLException {
        if (bool(c, "SELECT pg_is_in_recovery()")) {
            return Optional.of("the server is a standby (in recovery) and cannot be written to; point dbrace at the primary");
        }
        if (bool(c, "SHOW default_transaction_read_only")) {
            return Optional.of("the server runs with default_transaction_read_only = on; dbrace must create tables");
        }
        return Optional.empty();
    }

    @Override
    public ConnectionBudget connectionBudget(Connection c) throws SQLException {
        return new ConnectionBudget(number(c, "SHOW max_connections"),
                number(c, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"),
                number(c, "SHOW superuser_reserved_connections"));
    }

    /** Recognises PostgreSQL by its own {@code version()} text. */
    public static final class Provider extends BasicProvider {
        public Provider() {
            super("postgresql", "jdbc:postgresql:", ERRORS, server -> server.versionText().startsWith("PostgreSQL "),
                    PostgresDialect::new);
        }
    }

    /**
     * {@code system_identifier} names the cluster a primary and its physical standbys share, so the role
     * and the data directory tell them apart; a primary counts its streaming standbys, a standby its
     * WAL receiver.
     */
    @Override
    public Node node(Connection c) throws SQLException {
        String id = "system_identifier=" + one(c, "SELECT system_identifier FROM pg_control_system()");
        boolean standby = bool(c, "SELECT pg_is_in_recovery()");
        int others = (int) number(c, standby ? "SELECT COUNT(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'"
                : "SELECT COUNT(*) FROM pg_stat_replication");
        String fingerprint;
        try {
            fingerprint = one(c, "SELECT COALESCE(host(inet_server_addr()), 'socket') || ':' || inet_server_port() || ':' "
                    + "|| current_setting('data_directory')");
        } catch (SQLException e) {       // data_directory needs pg_read_all_settings
            fingerprint = id + (standby ? " standby" : " primary") + ":" + one(c, "SELECT inet_server_port()");
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        }
        return new Node(id, standby ? "replica" : "primary", 1 + others, fingerprint);
    }

    /** The WAL written so far on a primary; what a standby has replayed. */
    @Override
    public Optional<String> committedPosition(Connection c) throws SQLException {
        return Optional.of(one(c, "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text "
                + "ELSE pg_current_wal_lsn()::text END"));
    }

    @Override
    public boolean applied(Connection c, String position) throws SQLException {
        return bool(c, "SELECT COALESCE(pg_last_wal_replay_lsn() >= '" + position.replace("'", "") + "'::pg_lsn, true)");
    }

    @Override
    public long sessionId(Connection c) throws SQLException {
        return number(c, "SELECT pg_backend_pid()");
    }

    /**
     * {@code pg_locks}: a backend with a heavyweight lock not granted (a row's transaction, a tuple). The lock
     * shows granted as soon as the releasing backend grants it, before its COMMIT returns; {@code
     * pg_stat_activity}'s wait event would still say {@code Lock} until the waiter has woken.
     */
    @Override
    public boolean waitsForLock(Connection admin, long sessionId) throws SQLException {
        return number(admin, "SELECT COUNT(*) FROM pg_locks WHERE pid = " + sessionId + " AND NOT granted") > 0;
    }

    @Override
    public Set<Long> lockWaiters(Connection admin, Set<Long> sessions) throws SQLException {
        Set<Long> waiting = new HashSet<>();
        if (sessions.isEmpty()) {
            return waiting;
        }
        StringBuilder in = new StringBuilder();
        for (long id : sessions) {
            in.append(in.length() == 0 ? "" : ",").append(id);
        }
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT DISTINCT pid FROM pg_locks WHERE NOT granted AND pid IN (" + in + ")")) {
            while (rs.next()) {
                waiting.add(rs.getLong(1));
            }
        }
        return waiting;
    }
}
