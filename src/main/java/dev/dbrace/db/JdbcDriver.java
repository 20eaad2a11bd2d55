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
    CONNECTOR_J("jdbc:mysql:", Map.of("connectTimeout", "10000", "socketTimeout", "120000", "tcpKeepAlive", "true")),
    /** pgjdbc: PostgreSQL and servers that speak its protocol (timeouts in seconds). */
    PGJDBC("jdbc:postgresql:", Map.of("connectTimeout", "10", "socketTimeout", "120", "tcpKeepAlive", "true"));

    /** MariaDB's own scheme, served by Connector/J. */
    private static final String MARIADB_ALIAS = "jdbc:mariadb:";

    private final String scheme;
    private final Map<String, String> properties;

    JdbcDriver(String scheme, Map<String, String> properties) {
        this.scheme = scheme;
        this.properties = properties;
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
