package dev.dbrace.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * MariaDB: recognised by the {@code -MariaDB} in its {@code version()}. Its racing sessions get no
 * statement bound beyond the lock wait: {@code max_statement_time} arms a server timer for every
 * statement, which cost about 5 % of calls/s against the baseline loop (scripts/bench-overhead.sh).
 */
public class MariaDbDialect extends InnodbDialect {

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

    /** {@code Slaves_running}: the replication connections running on this server. */
    @Override
    int upstreams(Connection c) throws SQLException {
        String running = status(c, "Slaves_running");
        return running == null ? 0 : Integer.parseInt(running.trim());
    }

    /** A MariaDB with {@code wsrep_on} is a Galera node. */
    @Override
    public Dialect refine(Connection c) throws SQLException {
        return bool(c, "SELECT @@GLOBAL.wsrep_on") ? new GaleraDialect(server) : this;
    }

    /** {@code gtid_binlog_pos}: the GTID position of everything written to this server's binary log. */
    @Override
    public Optional<String> committedPosition(Connection c) throws SQLException {
        String pos = one(c, "SELECT @@GLOBAL.gtid_binlog_pos");
        return pos == null || pos.isBlank() ? Optional.empty() : Optional.of(pos);
    }

    /** {@code MASTER_GTID_WAIT(position, 0)} answers 0 once this replica has applied it, -1 before. */
    @Override
    public boolean applied(Connection c, String position) throws SQLException {
        return "0".equals(one(c, "SELECT MASTER_GTID_WAIT(?, 0)", position));
    }

    /** Recognises MariaDB, which speaks the MySQL protocol and says so in its version text. */
    public static final class Provider extends BasicProvider {
        public Provider() {
            super("mariadb", "jdbc:mysql:", ERRORS, server -> server.says("mariadb"), MariaDbDialect::new);
        }
    }
}
