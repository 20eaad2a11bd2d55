package dev.dbrace.topology;

import dev.dbrace.db.TargetUnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** Waits for a started server's word that it is ready: a connection, then a condition it reports. */
final class Ready {

    /** The longest a server may take to come up: a hang guard (a busy 2-core machine takes seconds). */
    static final Duration BOUND = Duration.ofMinutes(5);

    /** A condition read on a connection: synced, streaming, replicating. */
    @FunctionalInterface
    interface Check {
        boolean test(Connection c) throws SQLException;
    }

    private Ready() {
    }

    /**
     * Polls until {@code url} accepts a connection on which {@code check} holds.
     *
     * @param what how the error names it: "galera node 2", "the replica"
     * @throws TargetUnavailableException when the server exited, or did not get there within {@link #BOUND}
     */
    static void await(String what, ServerProcess server, String url, Properties credentials, Check check)
            throws TargetUnavailableException, InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            if (server != null && !server.alive()) {
                throw new TargetUnavailableException(what + " exited while starting; its log ends:\n" + server.tail(15));
            }
            try (Connection c = DriverManager.getConnection(url, credentials)) {
                if (check.test(c)) {
                    return;
                }
                last = "connected, not ready yet";
            } catch (SQLException e) {
                last = e.getMessage();
            }
            Thread.sleep(50);      // a poll interval: the loop ends on the server's word, not on time
        }
        throw new TargetUnavailableException(what + " was not ready within " + BOUND.toMinutes() + " min (" + last + ")"
                + (server == null ? "" : "; its log ends:\n" + server.tail(15)));
    }

    /** A condition asked of something other than a connection: a REST endpoint, a health URL. */
    @FunctionalInterface
    interface Probe {
        boolean ready() throws Exception;
    }

    /**
     * Polls until {@code probe} says ready (an exception counts as not yet).
     *
     * @throws TargetUnavailableException when the server exited, or did not get there within {@link #BOUND}
     */
    static void until(String what, ServerProcess server, Probe probe) throws TargetUnavailableException, InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        String last = "not ready yet";
        while (System.nanoTime() - deadline < 0) {
            if (server != null && !server.alive()) {
                throw new TargetUnavailableException(what + " exited while starting; its log ends:\n" + server.tail(15));
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = String.valueOf(e.getMessage());
            }
            Thread.sleep(100);     // a poll interval: the loop ends on the server's word, not on time
        }
        throw new TargetUnavailableException(what + " was not ready within " + BOUND.toMinutes() + " min (" + last + ")"
                + (server == null ? "" : "; its log ends:\n" + server.tail(15)));
    }

    /** Connector/J's credentials and bounds for one readiness check (a check never hangs the wait). */
    static Properties user(String user) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("sslMode", "DISABLED");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("connectTimeout", "10000");
        p.setProperty("socketTimeout", "30000");
        return p;
    }
}
