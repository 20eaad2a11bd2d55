package dev.dbrace.outcome;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Classifies a {@link SQLException} by its vendor code and SQLState, from one family's
 * {@link ErrorCodes} — never by message text, which changes with server version and locale.
 * The vendor code decides first, then the exact SQLState, then the SQL standard's classes.
 */
public final class ErrorClassifier {

    private final ErrorCodes codes;

    public ErrorClassifier(ErrorCodes codes) {
        this.codes = codes;
    }

    public DbError classify(SQLException e) {
        return classify(e.getErrorCode(), e.getSQLState(), e instanceof SQLTimeoutException);
    }

    /**
     * Classifies an error known only by its parts (a worker's report, say); either may be missing.
     *
     * @param vendorCode 0 when unknown
     * @param sqlState   null when unknown
     * @param timeout    true when the driver raised it as a timeout (JDBC's {@code SQLTimeoutException})
     */
    public DbError classify(int vendorCode, String sqlState, boolean timeout) {
        DbError byCode = vendorCode == 0 ? null : codes.byVendorCode().get(vendorCode);
        if (byCode != null) {
            return byCode;
        }
        DbError byState = byState(sqlState);
        if (byState != null) {
            return byState;
        }
        return timeout ? DbError.QUERY_TIMEOUT : DbError.OTHER;
    }

    private DbError byState(String state) {
        if (state == null || state.length() < 2) {
            return null;
        }
        DbError exact = codes.bySqlState().get(state);
        if (exact != null) {
            return exact;
        }
        if (state.equals("40001")) {
            return DbError.SERIALIZATION_FAILURE;
        }
        return switch (state.substring(0, 2)) {
            case "08" -> DbError.CONNECTION;
            case "28" -> DbError.ACCESS_DENIED;
            default -> null;
        };
    }
}
