package dev.dbrace.db;

import java.util.Map;

/** Turns what the user named ({@code --db} or {@code --url}) into a started, reachable {@link Target}. */
public final class Targets {

    public static final String EMBEDDED_MARIADB = "embedded-mariadb";
    public static final String EMBEDDED_POSTGRES = "embedded-postgres";

    private Targets() {
    }

    /**
     * @param db             {@code embedded-mariadb}, {@code embedded-postgres} or an image such as {@code mysql:8.4}
     * @param maxConnections connections a started server must accept (threads plus a margin)
     * @throws IllegalArgumentException   for a name dbrace does not know
     * @throws TargetUnavailableException when the target cannot be started here
     */
    public static Target start(String db, int maxConnections) throws Exception {
        return start(db, maxConnections, Settings.NONE);
    }

    /**
     * @param server global or startup settings for a server dbrace starts ({@code --server-set}); an
     *               image (Testcontainers) takes none
     */
    public static Target start(String db, int maxConnections, Settings server) throws Exception {
        String name = db.trim();
        if (name.equals(EMBEDDED_MARIADB)) {
            EmbeddedBinaries.require(name);
            return EmbeddedMariaDb.start(Math.max(200, maxConnections), server);
        }
        if (name.equals(EMBEDDED_POSTGRES)) {
            EmbeddedBinaries.require(name);
            return EmbeddedPostgres.start(Math.max(200, maxConnections), server);
        }
        if (!server.isEmpty()) {
            throw new IllegalArgumentException("--server-set applies to the embedded servers only, not to " + name);
        }
        if (ContainerTarget.handles(name)) {
            return ContainerTarget.start(name, Math.max(200, maxConnections));
        }
        throw new IllegalArgumentException("unknown database '" + name + "'; use " + EMBEDDED_MARIADB + ", "
                + EMBEDDED_POSTGRES + ", galera[:N], mariadb-replica[:semisync], postgres-replica[:sync|:remote-apply], "
                + "an image such as mysql:8.4, mariadb:11 or postgres:17 (needs Docker), "
                + "or --url for a server you run");
    }

    /**
     * A server the user runs; the dialect is chosen later from what the server says it is.
     *
     * @throws IllegalArgumentException for a URL of a scheme dbrace has no driver for
     */
    public static Target forUrl(String url, String user, String password) {
        return new Target(Mask.text(url), url, user, password, Map.of(), null);
    }
}
