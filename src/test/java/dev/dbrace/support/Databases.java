package dev.dbrace.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dbrace.db.EmbeddedMariaDb;
import dev.dbrace.db.EmbeddedPostgres;
import dev.dbrace.db.Target;
import dev.dbrace.db.Targets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The real databases tests run against: one embedded MariaDB per test JVM (started on first use,
 * stopped at exit) and the services this machine kind runs (MariaDB 10.11 on 3306, PostgreSQL on
 * 5432). A test that needs a service which is not reachable is skipped, never passed.
 */
public final class Databases {

    public static final String MARIADB_SERVICE_URL =
            System.getenv().getOrDefault("DBRACE_TEST_MARIADB_URL", "jdbc:mysql://127.0.0.1:3306/test");

    private static Target embedded;
    private static Target embeddedPostgres;

    public static final String POSTGRES_SERVICE_URL =
            System.getenv().getOrDefault("DBRACE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    private Databases() {
    }

    /** The embedded MariaDB 11.4, started once per JVM. */
    public static synchronized Target embeddedMariaDb() {
        if (embedded == null) {
            embedded = startForThisJvm("MariaDB", () -> EmbeddedMariaDb.start(300));
        }
        return embedded;
    }

    private static Target startForThisJvm(String what, Callable<Target> start) {
        Target t;
        try {
            t = start.call();
        } catch (Exception e) {
            throw new IllegalStateException("embedded " + what + " did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                t.close();
            } catch (Exception ignored) {
                // the JVM is exiting; the data directory is temporary anyway
            }
        }));
        return t;
    }

    /** The embedded PostgreSQL 17, started once per JVM. */
    public static synchronized Target embeddedPostgres() {
        if (embeddedPostgres == null) {
            embeddedPostgres = startForThisJvm("PostgreSQL", () -> EmbeddedPostgres.start(300));
        }
        return embeddedPostgres;
    }

    /** The PostgreSQL service on 127.0.0.1:5432 (trust auth); skips the calling test when it is not reachable. */
    public static Target postgresService() {
        Target t = Targets.forUrl(POSTGRES_SERVICE_URL, "postgres", "");
        assumeTrue(reachable(t), "PostgreSQL service not reachable at " + POSTGRES_SERVICE_URL);
        return t;
    }

    /** The MariaDB service on 127.0.0.1:3306; skips the calling test when it is not reachable. */
    public static Target mariaDbService() {
        Target t = Targets.forUrl(MARIADB_SERVICE_URL, "root", "");
        assumeTrue(reachable(t), "MariaDB service not reachable at " + MARIADB_SERVICE_URL);
        return t;
    }

    public static boolean reachable(Target t) {
        try (Connection c = t.connect()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Both MySQL-family targets, for parameterized tests; the service is resolved lazily so it can skip. */
    public static Stream<Named<Supplier<Target>>> mysqlFamily() {
        return Stream.of(
                Named.of("embedded MariaDB 11.4", Databases::embeddedMariaDb),
                Named.of("MariaDB service 10.11", Databases::mariaDbService));
    }

    /** Both PostgreSQL targets. */
    public static Stream<Named<Supplier<Target>>> postgres() {
        return Stream.of(
                Named.of("embedded PostgreSQL 17", Databases::embeddedPostgres),
                Named.of("PostgreSQL service 15", Databases::postgresService));
    }
}
