package dev.dbrace.db;

import dev.dbrace.outcome.DbError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
        List<Target> nodes = t.nodes();
        Map<String, String> fingerprints = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Target node = nodes.get(i);
            int threadsHere = (threads - i + nodes.size() - 1) / nodes.size();
            String prefix = nodes.size() > 1 ? node.label() + ": " : "";
            try (Connection c = node.connect()) {
                Dialect d = node.dialect();
                d.writeRefusal(c).ifPresent(p -> problems.add(prefix + p));
                budget(c, d, threadsHere, EXTRA, problems, prefix);
                if (t.isSpread()) {
                    sameServer(fingerprints, d.node(c).fingerprint(), node.label(), problems);
                }
                if (problems.isEmpty() && i == 0) {
                    probeWrite(c, d, problems, node.user());
                }
            }
        }
        if (t.reads().isPresent()) {
            Target reads = t.reads().get();
            try (Connection c = reads.connect()) {        // read-only is what a replica is: only its room is checked
                Dialect d = reads.dialect();
                if (!d.name().equals(t.dialect().name())) {
                    problems.add("reads go to " + reads.label() + ", a " + d.product() + " server, but writes to a "
                            + t.dialect().product() + " server; route reads to a replica of the server written to");
                }
                budget(c, d, threads, 1, problems, reads.label() + ": ");    // 1: the lag watch
                sameServer(fingerprints, d.node(c).fingerprint(), reads.label(), problems);
            }
        }
        return problems;
    }

    private static void budget(Connection c, Dialect d, int threads, int extra, List<String> problems, String prefix)
            throws SQLException {
        Dialect.ConnectionBudget budget = d.connectionBudget(c);
        int needed = threads + extra;
        if (needed > budget.free()) {
            problems.add(prefix + threads + " threads need " + needed + " connections but the server allows "
                    + budget.max() + " (" + budget.used() + " in use"
                    + (budget.reserved() > 0 ? ", " + budget.reserved() + " reserved" : "")
                    + "); lower --threads to " + Math.max(1, budget.free() - extra) + " or raise max_connections");
        }
    }

    /** Two URLs that reach one server would pass for a cluster, or route reads nowhere: refused. */
    private static void sameServer(Map<String, String> seen, String fingerprint, String label, List<String> problems) {
        String earlier = seen.putIfAbsent(fingerprint, label);
        if (earlier != null) {
            problems.add(earlier + " and " + label + " are one server (" + fingerprint + "); name distinct servers: "
                    + "one URL per node, and a replica for --read-url");
        }
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
