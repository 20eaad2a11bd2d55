package dev.dbrace.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** MySQL and MariaDB (InnoDB). */
public final class MysqlDialect extends BaseDialect {


    public MysqlDialect(ServerInfo server) {
        super(server);
    }

    @Override
    public List<String> createTables(String thing, String owner, String myobj) {
        String mark = " ENGINE=InnoDB COMMENT='" + Schema.OWNER_MARK + "'";
        return List.of(
                "CREATE TABLE " + thing + " (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL)" + mark,
                "CREATE TABLE " + owner + " (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL)" + mark,
                "CREATE TABLE " + myobj + " ("
                        + "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                        + "thing_id BIGINT NOT NULL, owner_id BIGINT NOT NULL, state BOOLEAN NOT NULL, "
                        + "UNIQUE KEY " + myobj + "_thing_owner (thing_id, owner_id), "
                        + "CONSTRAINT " + myobj + "_thing_fk FOREIGN KEY (thing_id) REFERENCES " + thing + " (id), "
                        + "CONSTRAINT " + myobj + "_owner_fk FOREIGN KEY (owner_id) REFERENCES " + owner + " (id))"
                        + mark);
    }

    @Override
    public String tableComment(Connection c, String table) throws SQLException {
        return one(c, "SELECT TABLE_COMMENT FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", table);
    }

    /**
     * {@code innodb_lock_wait_timeout} (whole seconds) bounds a lock wait; MariaDB's
     * {@code max_statement_time} bounds any statement, MySQL's {@code max_execution_time} only SELECTs
     * (a socket timeout is the last resort there).
     */
    @Override
    public java.util.Map<String, String> sessionLimits(Duration lockWait) {
        long seconds = Math.max(1, (lockWait.toMillis() + 999) / 1000);
        String vars = "innodb_lock_wait_timeout=" + seconds + ",";
        vars += server.family() == Family.MARIADB
                ? "max_statement_time=" + (seconds + 2)
                : "max_execution_time=" + (seconds + 2) * 1000;
        // A socket timeout makes the driver poll before every read, which costs the race measurably
        // (about 3 % of calls/s in scripts/bench-overhead.sh). MariaDB bounds every statement on the
        // server, so it gets none; MySQL's max_execution_time covers only SELECTs, so it keeps one.
        String socket = server.family() == Family.MARIADB ? "0" : String.valueOf((seconds + 20) * 1000);
        return java.util.Map.of("sessionVariables", vars, "socketTimeout", socket);
    }

    /** MySQL 5.7.20+ and MariaDB 11.1+ call it transaction_isolation; older MariaDB only tx_isolation. */
    private String isolationVariable() {
        boolean old = server.family() == Family.MARIADB ? !server.atLeast(11, 1) : !server.atLeast(5, 7);
        return old ? "tx_isolation" : "transaction_isolation";
    }

    @Override
    public Isolation readIsolation(Connection c) throws SQLException {
        return query(c, "SELECT @@SESSION." + isolationVariable());
    }

    @Override
    public Isolation defaultIsolation(Connection c) throws SQLException {
        return query(c, "SELECT @@GLOBAL." + isolationVariable());
    }

    @Override
    public int lockWaits(Connection c) throws SQLException {
        return Integer.parseInt(one(c, "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"));
    }

    private static Isolation query(Connection c, String sql) throws SQLException {
        return Isolation.parse(one(c, sql));
    }
}
