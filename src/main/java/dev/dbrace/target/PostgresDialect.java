package dev.dbrace.target;

import dev.dbrace.outcome.ErrorClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** PostgreSQL. Its errors are classified by SQLState alone (pgjdbc reports no vendor code). */
public final class PostgresDialect implements Dialect {

    private final ServerInfo server;
    private final ErrorClassifier classifier = new ErrorClassifier(false);

    public PostgresDialect(ServerInfo server) {
        this.server = server;
    }

    @Override
    public ServerInfo server() {
        return server;
    }

    @Override
    public ErrorClassifier classifier() {
        return classifier;
    }

    @Override
    public List<String> createTables(String thing, String owner, String myobj) {
        return List.of(
                "CREATE TABLE " + thing + " (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL)",
                "COMMENT ON TABLE " + thing + " IS '" + Schema.OWNER_MARK + "'",
                "CREATE TABLE " + owner + " (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL)",
                "COMMENT ON TABLE " + owner + " IS '" + Schema.OWNER_MARK + "'",
                "CREATE TABLE " + myobj + " ("
                        + "id BIGSERIAL PRIMARY KEY, "
                        + "thing_id BIGINT NOT NULL REFERENCES " + thing + " (id), "
                        + "owner_id BIGINT NOT NULL REFERENCES " + owner + " (id), "
                        + "state BOOLEAN NOT NULL, "
                        + "CONSTRAINT " + myobj + "_thing_owner UNIQUE (thing_id, owner_id))",
                "COMMENT ON TABLE " + myobj + " IS '" + Schema.OWNER_MARK + "'");
    }

    @Override
    public String tableComment(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = current_schema() AND c.relname = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** {@code lock_timeout} bounds a lock wait, {@code statement_timeout} any statement; set at connect time. */
    @Override
    public java.util.Map<String, String> sessionLimits(Duration lockWait) {
        long ms = Math.max(1, lockWait.toMillis());
        return java.util.Map.of("options", "-c lock_timeout=" + ms + " -c statement_timeout=" + (ms + 2000),
                "socketTimeout", String.valueOf(ms / 1000 + 20));
    }

    @Override
    public Isolation readIsolation(Connection c) throws SQLException {
        return query(c, "SHOW transaction_isolation");
    }

    @Override
    public Isolation defaultIsolation(Connection c) throws SQLException {
        return query(c, "SHOW default_transaction_isolation");
    }

    @Override
    public int lockWaits(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Isolation query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return Isolation.parse(rs.getString(1));
        }
    }
}
