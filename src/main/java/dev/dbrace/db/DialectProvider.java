package dev.dbrace.db;

import dev.dbrace.outcome.ErrorCodes;

/**
 * Recognises one family of server from what it says about itself, and makes its {@link Dialect}.
 * Providers are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.dbrace.db.DialectProvider}) and asked in that order; the first that
 * recognises the server wins. Adding a database family is one provider and one dialect class.
 */
public interface DialectProvider {

    /** The family's name in messages: {@code mariadb}, {@code mysql}, {@code postgresql}. */
    String name();

    /** The JDBC URL scheme whose driver reaches this family, e.g. {@code jdbc:mysql:}. */
    String urlScheme();

    /** The family's SQLState and vendor-code table; also used for connect failures, before a server is known. */
    ErrorCodes errorCodes();

    /** True when {@code server} belongs to this family. */
    boolean recognises(ServerInfo server);

    Dialect dialect(ServerInfo server);
}
