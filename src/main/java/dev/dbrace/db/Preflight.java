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
        try (Connection c = t.connect()) {
            d.writeRefusal(c).ifPresent(problems::add);
            Dialect.ConnectionBudget budget = d.connectionBudget(c);
            if (threads + EXTRA > budget.free()) {
                problems.add(threads + " threads need " + (threads + EXTRA) + " connections but the server allows "
                        + budget.max() + " (" + budget.used() + " in use"
                        + (budget.reserved() > 0 ? ", " + budget.reserved() + " reserved" : "")
                        + "); lower --threads to " + Math.max(1, budget.free() - EXTRA) + " or raise max_connections");
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
            for (String ddl : d.createMarkedTable(table, "id INT")) {
                s.execute(ddl);
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
}
