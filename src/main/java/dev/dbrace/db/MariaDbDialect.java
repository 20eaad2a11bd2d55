package dev.dbrace.db;

import dev.dbrace.outcome.ErrorCodes;
import java.time.Duration;
import java.util.Map;

/** MariaDB: recognised by the {@code -MariaDB} in its {@code version()}. */
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

    /**
     * {@code innodb_lock_wait_timeout} (whole seconds) bounds a lock wait, {@code max_statement_time}
     * any statement. With every statement bounded on the server there is no socket timeout: it makes
     * the driver poll before every read, which cost about 3 % of calls/s in scripts/bench-overhead.sh.
     */
    @Override
    public Map<String, String> sessionLimits(Duration lockWait) {
        long seconds = Math.max(1, (lockWait.toMillis() + 999) / 1000);
        return Map.of("sessionVariables", "innodb_lock_wait_timeout=" + seconds + ",max_statement_time=" + (seconds + 2),
                "socketTimeout", "0");
    }

    /** MariaDB 11.1 renamed {@code tx_isolation} to {@code transaction_isolation}. */
    @Override
    String isolationVariable() {
        return server.atLeast(11, 1) ? "transaction_isolation" : "tx_isolation";
    }

    /** Recognises MariaDB, which speaks the MySQL protocol and says so in its version text. */
    public static final class Provider implements DialectProvider {
        @Override
        public String name() {
            return "mariadb";
        }

        @Override
        public String urlScheme() {
            return "jdbc:mysql:";
        }

        @Override
        public ErrorCodes errorCodes() {
            return ERRORS;
        }

        @Override
        public boolean recognises(ServerInfo server) {
            return server.says("mariadb");
        }

        @Override
        public Dialect dialect(ServerInfo server) {
            return new MariaDbDialect(server);
        }
    }
}
