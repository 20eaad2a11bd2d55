package dev.dbrace.db;

import dev.dbrace.outcome.DbError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before anything is created, that a target can take the run: not read-only or a replica,
 * enough free connections for the threads, and a user allowed to create, write and drop a table.
 * Each problem is one sentence that says what to do.
 */
public final class Preflight {

    /** Connections dbrace needs beyond the racing threads: set-up and verification. */
    static final int EXTRA = 2;

    private Preflight() {
    }

    public static List<String> check(Target t, int threads) throws SQLException {
        List<String> problems = new ArrayList<>();
        Dialect d = t.dialect();
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            boolean pg = d.family() == Family.POSTGRESQL;
            if (pg) {
                if (bool(s, "SELECT pg_is_in_recovery()")) {
                    problems.add("the server is a standby (in recovery) and cannot be written to; point dbrace at the primary");
                } else if (text(s, "SHOW default_transaction_read_only").equals("on")) {
                    problems.add("the server runs with default_transaction_read_only = on; dbrace must create tables");
                }
            } else if (bool(s, "SELECT @@GLOBAL.read_only") || bool(s, "SELECT @@GLOBAL.innodb_read_only")) {
                problems.add("the server is read-only (read_only = ON: a replica?); dbrace creates and writes tables, "
                        + "so point it at a writable server");
            }
            long max = number(s, pg ? "SHOW max_connections" : "SELECT @@GLOBAL.max_connections");
            long used = number(s, pg ? "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                    : "SELECT COUNT(*) FROM information_schema.PROCESSLIST");
            long reserved = pg ? number(s, "SHOW superuser_reserved_connections") : 0;
            long free = max - used - reserved;
            if (threads + EXTRA > free) {
                problems.add(threads + " threads need " + (threads + EXTRA) + " connections but the server allows "
                        + max + " (" + used + " in use" + (reserved > 0 ? ", " + reserved + " reserved" : "")
                        + "); lower --threads to " + Math.max(1, free - EXTRA) + " or raise max_connections");
            }
            if (problems.isEmpty()) {
                probeWrite(c, d, problems, t.user());
            }
        }
        return problems;
    }

    /** Creates, writes and drops a scratch table, to find missing privileges before the race does. */
    private static void probeWrite(Connection c, Dialect d, List<String> problems, String user) throws SQLException {
        String table = "dbrace_preflight";
        String existing = d.tableComment(c, table);
        if (existing != null && !Schema.OWNER_MARK.equals(existing)) {
            problems.add("a table named " + table + " exists and was not created by dbrace; dbrace will not touch it");
            return;
        }
        try (Statement s = c.createStatement()) {
            if (existing != null) {
                s.execute("DROP TABLE " + table);
            }
            s.execute(d.family() == Family.POSTGRESQL ? "CREATE TABLE " + table + " (id INT)"
                    : "CREATE TABLE " + table + " (id INT) COMMENT='" + Schema.OWNER_MARK + "'");
            if (d.family() == Family.POSTGRESQL) {
                s.execute("COMMENT ON TABLE " + table + " IS '" + Schema.OWNER_MARK + "'");
            }
            s.execute("INSERT INTO " + table + " VALUES (1)");
            s.execute("UPDATE " + table + " SET id = 2");
            s.execute("DROP TABLE " + table);
        } catch (SQLException e) {
            DbError kind = d.classifier().classify(e);
            if (kind == DbError.ACCESS_DENIED) {
                problems.add("user '" + user + "' may not create, write or drop tables here (SQLState " + e.getSQLState()
                        + ", code " + e.getErrorCode() + "); grant CREATE, DROP, SELECT, INSERT, UPDATE on this "
                        + "database or use another user");
            } else if (kind == DbError.READ_ONLY) {
                problems.add("the server refused a write as read-only (SQLState " + e.getSQLState() + ", code "
                        + e.getErrorCode() + "); point dbrace at a writable server");
            } else {
                throw e;
            }
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        }
    }

    private static boolean bool(Statement s, String sql) throws SQLException {
        String v = text(s, sql);
        return v.equals("1") || v.equalsIgnoreCase("t") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on");
    }

    private static long number(Statement s, String sql) throws SQLException {
        return Long.parseLong(text(s, sql).trim());
    }

    private static String text(Statement s, String sql) throws SQLException {
        return String.valueOf(BaseDialect.one(s.getConnection(), sql));
    }
}
