package dev.dbrace.db;

/** MySQL: whatever answers Connector/J and is not MariaDB (or another family a provider claims first). */
public final class MysqlDialect extends InnodbDialect {

    MysqlDialect(ServerInfo server) {
        super(server);
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String product() {
        return "MySQL";
    }

    /** {@code max_execution_time} bounds SELECTs (only those) on the server. */
    @Override
    String statementBound(long lockWaitSeconds) {
        return ",max_execution_time=" + (lockWaitSeconds + 2) * 1000;
    }

    /** MySQL 5.7.20 added {@code transaction_isolation}. */
    @Override
    String isolationVariable() {
        return server.atLeast(5, 7, 20) ? "transaction_isolation" : "tx_isolation";
    }

    /** From 8.0.19 {@code VALUES()} in this clause is deprecated: a row alias names the new values. */
    @Override
    public Upsert upsert(String table) {
        if (!server.atLeast(8, 0, 19)) {
            return super.upsert(table);
        }
        return new Upsert("INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (?, ?, ?) AS new "
                + "ON DUPLICATE KEY UPDATE state = new.state, id = LAST_INSERT_ID(" + table + ".id)",
                Upsert.Shape.AFFECTED_ROWS_AND_LAST_INSERT_ID);
    }

    /** Claims every server reached through Connector/J; listed after the providers of other MySQL-protocol families. */
    public static final class Provider extends BasicProvider {
        public Provider() {
            super("mysql", "jdbc:mysql:", ERRORS, server -> server.driverProduct().equalsIgnoreCase("MySQL"),
                    MysqlDialect::new);
        }
    }
}
