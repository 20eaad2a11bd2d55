package dev.dbrace.db;

import com.mysql.cj.jdbc.JdbcStatement;
import com.mysql.cj.jdbc.StatementImpl;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorCodes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What MySQL and MariaDB share: InnoDB tables, the MySQL protocol's error codes, Connector/J's settings. */
abstract class InnodbDialect extends BaseDialect {

    /**
     * The MySQL protocol's error codes. The vendor code decides, because MySQL reuses SQLStates
     * (1213 and some lock errors both report {@code 40001}; 1205 reports the catch-all {@code HY000}).
     * The client-side codes 2002–2055 mean the connection broke.
     */
    static final ErrorCodes ERRORS = ErrorCodes.builder()
            .codes(DbError.DUPLICATE_KEY, 1062, 1586, 1022)          // ER_DUP_ENTRY, …_WITH_KEY_NAME, ER_DUP_KEY
            .codes(DbError.FOREIGN_KEY, 1451, 1452, 1216, 1217)      // ER_ROW_IS_REFERENCED(_2), ER_NO_REFERENCED_ROW(_2)
            .codes(DbError.DEADLOCK, 1213)                           // ER_LOCK_DEADLOCK
            // MySQL Group Replication: the transaction lost certification at COMMIT
            .codes(DbError.CERTIFICATION_FAILURE, 3101)              // ER_TRANSACTION_ROLLBACK_DURING_COMMIT
            .codes(DbError.LOCK_WAIT_TIMEOUT, 1205, 3572)            // ER_LOCK_WAIT_TIMEOUT, ER_LOCK_NOWAIT
            // ER_CHECKREAD: MariaDB with innodb_snapshot_isolation=ON refuses a locking read of a row
            // changed after the snapshot; it is MariaDB's serialization failure.
            .codes(DbError.SERIALIZATION_FAILURE, 1020)
            .codes(DbError.QUERY_TIMEOUT, 1317, 1969, 3024)          // interrupted, max_statement_time, max_execution_time
            .codes(DbError.CONNECTION, 1053, 1077, 1152, 1153, 1154, 1156, 1158, 1159, 1160, 1161, 1927, 4031,
                    2002, 2003, 2005, 2006, 2013, 2055)
            .codes(DbError.READ_ONLY, 1290, 1792, 1836)              // --read-only, read-only transaction, read-only mode
            .codes(DbError.ACCESS_DENIED, 1044, 1045, 1142, 1143, 1227, 1698)
            .codes(DbError.UNKNOWN_DATABASE, 1049)
            .codes(DbError.TOO_MANY_CONNECTIONS, 1040)
            .states(DbError.QUERY_TIMEOUT, "70100")                  // Connector/J: statement cancelled
            .build();

    InnodbDialect(ServerInfo server) {
        super(server, ERRORS);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.UPSERT, Capability.INSERT_IGNORING_DUPLICATE);
    }

    /**
     * {@code useAffectedRows} makes Connector/J report 0/1/2 rows for {@code INSERT … ON DUPLICATE KEY
     * UPDATE} (unchanged, inserted, updated) instead of "found rows", which would report an untouched
     * existing row as 1, like an insert.
     *
     * <p>{@code emulateUnsupportedPstmts=false}: with server-side prepared statements, Connector/J by default
     * answers <em>any</em> error of a {@code COM_STMT_PREPARE} by preparing the statement client-side instead,
     * and the error is gone. A Galera node reports a brute-force abort (1213) at the next command the session
     * sends, a prepare included, and has rolled the transaction back: the statements after it then ran in a
     * fresh transaction, and a caller was told it created a row that no node holds. With the fallback off the
     * 1213 reaches the statement that prepared, like any other error (issue 24; {@code examples/galera-hidden-abort}).
     *
     * <p>{@code useReadAheadInput=false}: a plain buffered stream instead of Connector/J's read-ahead one, which asks
     * the socket how much it holds ({@code ioctl(FIONREAD)}) before every fill; three of those fewer a hot-key
     * upsert (a net of one system call, the plain stream reading more often) and about 5 % less client CPU a call
     * (docs/performance.md). It changes buffering only.
     */
    @Override
    public Map<String, String> driverProperties() {
        return Map.of("useAffectedRows", "true", "useServerPrepStmts", "true", "cachePrepStmts", "true", "prepStmtCacheSize", "64",
                "rewriteBatchedStatements", "true", "emulateUnsupportedPstmts", "false", "useReadAheadInput", "false");
    }

    /** {@code LOCK IN SHARE MODE}: MariaDB has no {@code FOR SHARE}; MySQL 8 takes both. */
    @Override
    public String forShare() {
        return " LOCK IN SHARE MODE";
    }

    @Override
    public Set<String> ownSqlOnlyProperties() {
        return Set.of("useAffectedRows");
    }

    @Override
    public List<String> createMarkedTable(String name, String columns) {
        return List.of("CREATE TABLE " + name + " (" + columns + ") ENGINE=InnoDB COMMENT='" + Schema.OWNER_MARK + "'");
    }

    @Override
    public String generatedIdColumn() {
        return "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    public String currentSchema() {
        return "DATABASE()";
    }

    @Override
    public String tableComment(Connection c, String table) throws SQLException {
        return one(c, "SELECT TABLE_COMMENT FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", table);
    }

    @Override
    public String insertIgnoringDuplicate(String table) {
        return "INSERT IGNORE INTO " + table + " (thing_id, owner_id, state) VALUES (?, ?, ?)";
    }

    /** {@code INSERT … ON DUPLICATE KEY UPDATE state = VALUES(state), id = LAST_INSERT_ID(id)}. */
    @Override
    public Upsert upsert(String table) {
        return new Upsert("INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE state = VALUES(state), id = LAST_INSERT_ID(id)",
                Upsert.Shape.AFFECTED_ROWS_AND_LAST_INSERT_ID);
    }

    /** Connector/J keeps the OK packet's last insert id on the statement, whatever the update count. */
    @Override
    public long lastInsertId(Statement ps) throws SQLException {
        return ps.isWrapperFor(StatementImpl.class)
                ? ps.unwrap(StatementImpl.class).getLastInsertID() : 0;
    }

    /**
     * An UPDATE's OK packet says {@code Rows matched: N  Changed: M  Warnings: W}; with {@code useAffectedRows}
     * the update count is M, so an UPDATE that found its row but left it as it was reads 0.
     */
    @Override
    public int rowsMatched(Statement ps, int updateCount) throws SQLException {
        if (!ps.isWrapperFor(JdbcStatement.class)) {
            return updateCount;
        }
        var rs = ps.unwrap(JdbcStatement.class).getResultSetInternal();
        String info = rs == null ? null : rs.getServerInfo();
        int at = info == null ? -1 : info.indexOf("matched: ");
        if (at < 0) {
            return updateCount;
        }
        int n = 0;
        for (int i = at + 9; i < info.length() && Character.isDigit(info.charAt(i)); i++) {
            n = n * 10 + (info.charAt(i) - '0');
        }
        return n;
    }

    /**
     * {@code innodb_lock_wait_timeout} (whole seconds) bounds a lock wait on the server, the usual way a
     * racing call could hang, plus whatever {@link #statementBound} adds; a driver socket timeout is the
     * last resort for anything else.
     */
    @Override
    public Map<String, String> sessionLimits(Duration lockWait) {
        long seconds = Math.max(1, (lockWait.toMillis() + 999) / 1000);
        return Map.of("sessionVariables", "innodb_lock_wait_timeout=" + seconds + statementBound(seconds),
                "socketTimeout", String.valueOf((seconds + 20) * 1000));
    }

    /** Connector/J sends {@code sessionVariables} as one {@code SET SESSION a=1, b='x'} at connect time. */
    @Override
    public Map<String, String> sessionProperties(Duration lockWait, Settings settings) {
        Map<String, String> p = new HashMap<>(sessionLimits(lockWait));
        StringBuilder vars = new StringBuilder(p.get("sessionVariables"));
        settings.values().forEach((k, v) -> vars.append(',').append(k).append('=').append(literal(v)));
        p.put("sessionVariables", vars.toString());
        return p;
    }

    /** Numbers and ON/OFF bare, anything else quoted (a string variable needs its quotes; a numeric one refuses them). */
    private static String literal(String v) {
        return v.matches("-?[0-9]+(\\.[0-9]+)?|(?i:on|off|true|false|default)") ? v : "'" + v + "'";
    }

    @Override
    public String readSetting(Connection c, String name) throws SQLException {
        return one(c, "SELECT @@SESSION." + name);
    }

    /** More session variables that bound a statement on this server ({@code ",name=value"}), or "" for none. */
    String statementBound(long lockWaitSeconds) {
        return "";
    }

    /** The name of the isolation variable on this server ({@code transaction_isolation} or the older {@code tx_isolation}). */
    abstract String isolationVariable();

    @Override
    public Isolation readIsolation(Connection c) throws SQLException {
        return Isolation.parse(one(c, "SELECT @@SESSION." + isolationVariable()));
    }

    @Override
    public Isolation defaultIsolation(Connection c) throws SQLException {
        return Isolation.parse(one(c, "SELECT @@GLOBAL." + isolationVariable()));
    }

    @Override
    public Optional<String> writeRefusal(Connection c) throws SQLException {
        if (bool(c, "SELECT @@GLOBAL.read_only") || bool(c, "SELECT @@GLOBAL.innodb_read_only")) {
            return Optional.of("the server is read-only (read_only = ON: a replica?); dbrace creates and writes tables, "
                    + "so point it at a writable server");
        }
        return Optional.empty();
    }

    @Override
    public ConnectionBudget connectionBudget(Connection c) throws SQLException {
        return new ConnectionBudget(number(c, "SELECT @@GLOBAL.max_connections"),
                number(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST"), 0);
    }

    /**
     * {@code server_id} tells MySQL-family servers apart; a replica names its upstream connections, a primary
     * its replicas' binlog dump threads (seen with the PROCESS privilege; 0 without).
     */
    @Override
    public Node node(Connection c) throws SQLException {
        String id = "server_id=" + one(c, "SELECT @@server_id");
        String fingerprint = one(c, "SELECT CONCAT(@@hostname, ':', @@port, ':', @@datadir)");
        int upstreams = upstreams(c);
        int replicas = (int) number(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                + "WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID')");
        return new Node(id, upstreams > 0 ? "replica" : "primary", 1 + upstreams + replicas, fingerprint);
    }

    /** How many servers this one replicates from right now. */
    int upstreams(Connection c) throws SQLException {
        try {
            return (int) number(c, "SELECT COUNT(*) FROM performance_schema.replication_connection_status "
                    + "WHERE SERVICE_STATE = 'ON'");
        } catch (SQLException e) {
            return 0;       // no performance_schema table of that name here
        }
    }

    @Override
    public long sessionId(Connection c) throws SQLException {
        return number(c, "SELECT CONNECTION_ID()");
    }

    /**
     * InnoDB's {@code LOCK WAIT}, or a thread the server shows waiting on a lock (metadata, table). Read from
     * {@code SHOW ENGINE INNODB STATUS}, which walks the live transaction list: {@code INNODB_TRX} is a cache
     * InnoDB refreshes only after it has gone unread for 0.1 s, so frequent polls of it keep it frozen.
     */
    @Override
    public boolean waitsForLock(Connection admin, long sessionId) throws SQLException {
        return innodbLockWaiters(admin).contains(sessionId)
                || number(admin, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + sessionId
                + " AND STATE LIKE 'Waiting for%lock%'") > 0;
    }

    /** One look at InnoDB's transaction list for all of them; the process list for those it does not show. */
    @Override
    public Set<Long> lockWaiters(Connection admin, Set<Long> sessions) throws SQLException {
        Set<Long> innodb = innodbLockWaiters(admin);
        Set<Long> waiting = new HashSet<>();
        List<String> rest = new ArrayList<>();
        for (long id : sessions) {
            if (innodb.contains(id)) {
                waiting.add(id);
            } else {
                rest.add(Long.toString(id));
            }
        }
        if (!rest.isEmpty()) {
            try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT ID FROM information_schema.PROCESSLIST WHERE ID IN (" + String.join(",", rest)
                            + ") AND STATE LIKE 'Waiting for%lock%'")) {
                while (rs.next()) {
                    waiting.add(rs.getLong(1));
                }
            }
        }
        return waiting;
    }

    /**
     * InnoDB's transaction list alone: with the process list, which shows waits for metadata and table locks, a look
     * costs more than twice as much (about 240 µs against 560–620 µs a look at three sessions in open transactions on
     * the MariaDB 10.11 service, scripts/bench/LockViewCost.java), and such a wait needs an exclusive metadata lock or
     * a table lock held, which only DDL and LOCK TABLES take.
     */
    @Override
    public Set<Long> rowLockWaiters(Connection admin, Set<Long> sessions) throws SQLException {
        Set<Long> waiting = new HashSet<>(innodbLockWaiters(admin));
        waiting.retainAll(sessions);
        return waiting;
    }

    private static Set<Long> innodbLockWaiters(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
            return InnodbStatus.lockWaiters(rs.next() ? rs.getString(3) : "");
        }
    }

    /** A global status variable's value, or null when the server has none of that name. */
    static String status(Connection c, String name) throws SQLException {
        return GlobalStatus.read(c, name);
    }
}
