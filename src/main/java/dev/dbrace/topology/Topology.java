package dev.dbrace.topology;

import dev.dbrace.db.Target;

/**
 * A shape of several servers dbrace starts for a race, on free loopback ports under a temporary
 * folder: a Galera cluster, a primary with a replica. {@link #start} returns a {@link Target#spread}
 * target that stops every server and deletes the folder when closed.
 *
 * <pre>{@code
 * try (Target t = Topologies.start("postgres-replica:remote-apply", 16)) { ... }
 * }</pre>
 */
public interface Topology {

    /** The name {@code --db} takes: {@code galera}, {@code mariadb-replica}, {@code postgres-replica}. */
    String name();

    /** One line on what it starts, and the options it takes after a colon. */
    String summary();

    /**
     * Starts the servers and waits until each says it is ready (synced, streaming).
     *
     * @param option         what followed the colon in {@code --db}, or "" for none
     * @param maxConnections connections each server must accept
     * @throws IllegalArgumentException           for an option it does not take
     * @throws dev.dbrace.db.TargetUnavailableException when its binaries are missing here, or it did not come up
     */
    Target start(String option, int maxConnections) throws Exception;
}
