package dev.dbrace.db;

/**
 * MariaDB: recognised by the {@code -MariaDB} in its {@code version()}. Its racing sessions get no
 * statement bound beyond the lock wait: {@code max_statement_time} arms a server timer for every
 * statement, which cost about 5 % of calls/s against the baseline loop (scripts/bench-overhead.sh).
 */
public final class MariaDbDialect extends InnodbDialect {

    MariaDbDialect(ServerInfo server) {
        super(server);
    }

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String product() {
        return "MariaDB";
    }

    /** MariaDB 11.1 renamed {@code tx_isolation} to {@code transaction_isolation}. */
    @Override
    String isolationVariable() {
        return server.atLeast(11, 1) ? "transaction_isolation" : "tx_isolation";
    }

    /** Recognises MariaDB, which speaks the MySQL protocol and says so in its version text. */
    public static final class Provider extends BasicProvider {
        public Provider() {
            super("mariadb", "jdbc:mysql:", ERRORS, server -> server.says("mariadb"), MariaDbDialect::new);
        }
    }
}
