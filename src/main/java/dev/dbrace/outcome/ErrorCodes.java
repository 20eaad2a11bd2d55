package dev.dbrace.outcome;

import java.util.HashMap;
import java.util.Map;

/**
 * One server family's table from vendor error codes and SQLStates to {@link DbError} kinds: data,
 * kept by each dialect, read by {@link ErrorClassifier}.
 *
 * @param byVendorCode decides first where a family's codes are meaningful (MySQL reuses SQLStates:
 *                     1213 and some lock errors both report {@code 40001}); empty for PostgreSQL,
 *                     whose driver reports no vendor code
 * @param bySqlState   exact SQLStates; the SQL standard's classes {@code 08} (connection) and
 *                     {@code 28} (authorisation) and {@code 40001} apply to every family
 */
public record ErrorCodes(Map<Integer, DbError> byVendorCode, Map<String, DbError> bySqlState) {

    public ErrorCodes {
        byVendorCode = Map.copyOf(byVendorCode);
        bySqlState = Map.copyOf(bySqlState);
    }

    /** A small builder, so that a dialect's table reads as a list of codes per kind. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<Integer, DbError> codes = new HashMap<>();
        private final Map<String, DbError> states = new HashMap<>();

        public Builder codes(DbError kind, int... vendorCodes) {
            for (int c : vendorCodes) {
                codes.put(c, kind);
            }
            return this;
        }

        public Builder states(DbError kind, String... sqlStates) {
            for (String s : sqlStates) {
                states.put(s, kind);
            }
            return this;
        }

        public ErrorCodes build() {
            return new ErrorCodes(codes, states);
        }
    }
}
