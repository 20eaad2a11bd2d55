package dev.dbrace.db;

import java.util.Locale;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A server in a Docker container (Testcontainers), named like an image: {@code mysql:8.4},
 * {@code mariadb:11}, {@code postgres:17}. Where no Docker engine answers, {@link #start} says so
 * in one sentence instead of failing with a stack trace.
 */
public final class ContainerTarget {

    private ContainerTarget() {
    }

    /** True for names this class starts: {@code mysql:…}, {@code mariadb:…}, {@code postgres:…}. */
    public static boolean handles(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("mysql:") || n.startsWith("mariadb:") || n.startsWith("postgres:");
    }

    /** Whether a Docker engine answers here. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static Target start(String name, int maxConnections) throws TargetUnavailableException {
        if (!dockerAvailable()) {
            throw new TargetUnavailableException("no Docker engine is available here, so --db " + name
                    + " cannot start a container; use --db embedded-mariadb or --db embedded-postgres, "
                    + "or --url for a server you run");
        }
        DockerImageName image = DockerImageName.parse(name);
        String family = name.substring(0, name.indexOf(':')).toLowerCase(Locale.ROOT);
        JdbcDatabaseContainer<?> c = switch (family) {
            case "mysql" -> new MySQLContainer(image).withCommand("--max-connections=" + maxConnections);
            case "mariadb" -> new MariaDBContainer(image).withCommand("--max-connections=" + maxConnections);
            default -> new PostgreSQLContainer(image).withCommand("postgres", "-c", "max_connections=" + maxConnections);
        };
        try {
            c.start();
        } catch (RuntimeException e) {
            c.close();
            throw new TargetUnavailableException("the " + name + " container did not start: " + e.getMessage(), e);
        }
        String url = c.getJdbcUrl();
        Map<String, String> props = family.equals("postgres") ? Map.of()
                : Map.of("sslMode", "DISABLED", "allowPublicKeyRetrieval", "true");
        return new Target(name, url, c.getUsername(), c.getPassword(), props, c::close);
    }
}
