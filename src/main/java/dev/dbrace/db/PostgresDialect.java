package dev.dbrace.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** PostgreSQL. Its errors are classified by SQLState alone (pgjdbc reports no vendor code). */
public final class PostgresDialect extends BaseDialect {


    public PostgresDialect(ServerInfo server) {
        super(server);
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
        return one(c, "SELECT COALESCE(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE n.nspname = current_schema() AND c.relname = ?", table);
    }

    /** {@code lock_timeout} bounds a lock wait, {@code statement_timeout} any statement; set at connect time. */
    @Override
    public java.util.Map<String, String> sessionLimits(Duration lockWait) {
        long ms = Math.max(1, lockWait.toMillis());
        return java.util.Map.of("options", "-c lock_timeout=" + ms + " -c statement_timeout=" + (ms + 2000),
                "socketTimeout", "0");      // statement_timeout bounds every statement; no poll before each read
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
        return Integer.parseInt(one(c, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"));
    }

    private static Isolation query(Connection c, String sql) throws SQLException {
        return Isolation.parse(one(c, sql));
    }
}
