package dev.dbrace.db;

/**
 * Where a target's server listens, for code that connects on its own (a worker process).
 *
 * @param family   the wire protocol: {@code mysql} (MySQL and MariaDB) or {@code postgresql}
 * @param database the database named in the URL; empty when none
 */
public record Endpoint(String family, String host, int port, String database) {
}
