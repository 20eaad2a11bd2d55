package dev.dbrace.db;

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
     * {@code innodb_lock_wait_timeout} (whole seconds) bounds a lock wait on the server, the usual way a
     * racing call could hang; a driver socket timeout is the last resort for anything else. Not
     * {@code max_statement_time}: it arms a server timer for every statement, which cost about 5 % of
     * calls/s against the baseline loop (scripts/bench-overhead.sh, README "Performance").
     */
    @Override
    public Map<String, String> sessionLimits(Duration lockWait) {
        long seconds = Math.max(1, (lockWait.toMillis() + 999) / 1000);
        return Map.of("sessionVariables", "innodb_lock_wait_timeout=" + seconds,
                "socketTimeout", String.valueOf((seconds + 20) * 1000));
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
