package dev.dbrace.support;

import dev.dbrace.db.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/** Small statements for tests that provoke server errors. */
public final class Sql {

    private Sql() {
    }

    /** Runs {@code sql}; returns the error the server raised, or null when it succeeded. */
    public static SQLException attempt(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** Runs each statement on a fresh connection, failing the test on any error. */
    public static void run(Target t, String... sql) throws SQLException {
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /**
     * Drops {@code tables} (children first) on every target in {@code used}, as an {@code @AfterAll} does for the
     * shared services whether the tests passed or not; a server that has gone away is passed over.
     */
    public static void dropOn(Collection<Target> used, String... tables) {
        for (Target t : used) {
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                for (String table : tables) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            } catch (SQLException e) {
                // nothing to drop on a server that is gone; the before-stop check lists what is left anywhere
            }
        }
    }
}
