package dev.dbrace.outcome;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Classifies a {@link SQLException} by its SQLState and vendor error code — never by message text,
 * which changes with server version and locale.
 *
 * <p>For the MySQL family the vendor code decides first, because MySQL reuses SQLStates: 1213
 * (deadlock) and some lock errors both report {@code 40001}, and 1205 (lock wait timeout) reports
 * the catch-all {@code HY000}. PostgreSQL's driver leaves the vendor code at 0, so its SQLStates
 * decide. The client-side codes 2002–2013 and SQLState class {@code 08} mean the connection broke.
 */
public final class ErrorClassifier {

    private final boolean mysqlFamily;

    /** @param mysqlFamily true for MySQL and MariaDB (vendor codes are meaningful), false for PostgreSQL */
    public ErrorClassifier(boolean mysqlFamily) {
        this.mysqlFamily = mysqlFamily;
    }

    public DbError classify(SQLException e) {
        if (mysqlFamily) {
            DbError byCode = byMysqlCode(e.getErrorCode());
            if (byCode != null) {
                return byCode;
            }
        }
        DbError byState = byState(e.getSQLState());
        if (byState != null) {
            return byState;
        }
        // A JDBC type, not message text: drivers raise it for Statement#setQueryTimeout cancellations.
        return e instanceof SQLTimeoutException ? DbError.QUERY_TIMEOUT : DbError.OTHER;
    }

    private static DbError byMysqlCode(int code) {
        return switch (code) {
            case 1062, 1586, 1022 -> DbError.DUPLICATE_KEY;            // ER_DUP_ENTRY, ..._WITH_KEY_NAME, ER_DUP_KEY
            case 1451, 1452, 1216, 1217 -> DbError.FOREIGN_KEY;        // ER_ROW_IS_REFERENCED(_2), ER_NO_REFERENCED_ROW(_2)
            case 1213 -> DbError.DEADLOCK;                             // ER_LOCK_DEADLOCK
            case 1205, 3572 -> DbError.LOCK_WAIT_TIMEOUT;              // ER_LOCK_WAIT_TIMEOUT, ER_LOCK_NOWAIT
            // ER_CHECKREAD: MariaDB with innodb_snapshot_isolation=ON refuses a locking read of a row
            // changed after the snapshot; it is MariaDB's serialization failure.
            case 1020 -> DbError.SERIALIZATION_FAILURE;
            case 1317, 1969, 3024 -> DbError.QUERY_TIMEOUT;            // interrupted, max_statement_time, max_execution_time
            case 1053, 1077, 1152, 1153, 1154, 1156, 1158, 1159, 1160, 1161, 1927, 4031,
                 2002, 2003, 2005, 2006, 2013, 2055 -> DbError.CONNECTION;
            case 1290, 1792, 1836 -> DbError.READ_ONLY;                // --read-only, read-only transaction, read-only mode
            case 1044, 1045, 1142, 1143, 1227, 1698 -> DbError.ACCESS_DENIED;
            default -> null;
        };
    }

    private static DbError byState(String state) {
        if (state == null || state.length() < 2) {
            return null;
        }
        switch (state) {
            case "23505": return DbError.DUPLICATE_KEY;
            case "23503": return DbError.FOREIGN_KEY;
            case "40P01": return DbError.DEADLOCK;
            case "40001": return DbError.SERIALIZATION_FAILURE;
            case "55P03": return DbError.LOCK_WAIT_TIMEOUT;      // lock_not_available (lock_timeout, NOWAIT)
            case "57014": return DbError.QUERY_TIMEOUT;          // query_canceled (statement_timeout, cancel)
            case "70100": return DbError.QUERY_TIMEOUT;          // Connector/J: statement cancelled
            case "25P02": return DbError.TRANSACTION_ABORTED;    // in_failed_sql_transaction
            case "25006": return DbError.READ_ONLY;              // read_only_sql_transaction
            case "42501": return DbError.ACCESS_DENIED;          // insufficient_privilege
            case "57P01", "57P02", "57P03": return DbError.CONNECTION; // admin/crash shutdown, cannot connect now
            default: break;
        }
        String cls = state.substring(0, 2);
        return switch (cls) {
            case "08" -> DbError.CONNECTION;
            case "28" -> DbError.ACCESS_DENIED;
            default -> null;
        };
    }
}
