package dev.dbrace.db;

import dev.dbrace.db.Mask;
import java.util.Map;

/**
 * The JDBC drivers dbrace ships, by URL scheme: the settings every connection needs before the
 * server is known (connect and socket timeouts, in each driver's own unit), and the URL aliases
 * they serve. What depends on the server comes from its {@link Dialect}.
 */
enum JdbcDriver {
    /** MySQL Connector/J: MySQL and MariaDB (timeouts in milliseconds). */
    CONNECTOR_J("jdbc:mysql:", "mysql", 3306,
            Map.of("connectTimeout", "10000", "socketTimeout", "120000", "tcpKeepAlive", "true")),
    /** pgjdbc: PostgreSQL and servers that speak its protocol (timeouts in seconds). */
    PGJDBC("jdbc:postgresql:", "postgresql", 5432,
            Map.of("connectTimeout", "10", "socketTimeout", "120", "tcpKeepAlive", "true"));

    /** MariaDB's own scheme, served by Connector/J. */
    private static final String MARIADB_ALIAS = "jdbc:mariadb:";

    private final String scheme;
    private final String protocol;
    private final int defaultPort;
    private final Map<String, String> properties;

    JdbcDriver(String scheme, String protocol, int defaultPort, Map<String, String> properties) {
        this.scheme = scheme;
        this.protocol = protocol;
        this.defaultPort = defaultPort;
        this.properties = properties;
    }

    /**
     * Where {@code url} points, for code that connects with a driver of its own: the wire protocol's
     * family, host, port and database.
     */
    static Endpoint endpoint(String url) {
        JdbcDriver d = of(url);
        String rest = url.substring(d.scheme.length() + 2);
        int end = rest.length();
        for (char c : new char[] {'?', ';'}) {
            int i = rest.indexOf(c);
            end = i < 0 ? end : Math.min(end, i);
        }
        rest = rest.substring(0, end);
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        hostPort = hostPort.substring(hostPort.lastIndexOf('@') + 1).split(",")[0];
        String host = hostPort;
        int port = d.defaultPort;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(d.protocol, host.isEmpty() ? "localhost" : host, port, database);
    }

    Map<String, String> properties() {
        return properties;
    }

    /** {@code url} with an alias scheme replaced by the one its driver serves ({@code jdbc:mariadb:} → {@code jdbc:mysql:}). */
    static String normalise(String url) {
        return url.startsWith(MARIADB_ALIAS) ? CONNECTOR_J.scheme + url.substring(MARIADB_ALIAS.length()) : url;
    }

    /** @throws IllegalArgumentException naming the URL (masked) and the schemes dbrace serves */
    static JdbcDriver of(String url) {
        for (JdbcDriver d : values()) {
            if (url.startsWith(d.scheme + "//")) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + Mask.text(url)
                + "'; expected jdbc:mysql://host:port/db, jdbc:mariadb://… or jdbc:postgresql://…");
    }
}
