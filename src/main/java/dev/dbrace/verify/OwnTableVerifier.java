package dev.dbrace.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Holds a user's own table against the {@link Ledger}, key by key: at most one row per raced key,
 * a row wherever a caller was given one, with the id the callers were given, and no more than one
 * caller told it created the row (a row nobody was told they created is a problem unless a call on
 * that key is in doubt). The table's other rows are not dbrace's business.
 */
public final class OwnTableVerifier {

    private static final int MAX_LISTED = 20;

    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    private OwnTableVerifier() {
    }

    /**
     * @param keys the key columns' values of each key index
     */
    public static Verification verify(Connection c, String table, List<String> keyColumns, String idColumn,
                                      LongFunction<List<Object>> keys, Ledger ledger, long keysUsed) throws SQLException {
        return new OwnTableVerifier().run(c, table, keyColumns, idColumn, keys, ledger, keysUsed);
    }

    private Verification run(Connection c, String table, List<String> keyColumns, String idColumn,
                             LongFunction<List<Object>> keys, Ledger ledger, long keysUsed) throws SQLException {
        for (String conflict : ledger.conflicts()) {
            problem(conflict);
        }
        problemCount += Math.max(0, ledger.conflictCount() - ledger.conflicts().size());
        String sql = "SELECT " + idColumn + " FROM " + table + " WHERE "
                + String.join(" AND ", keyColumns.stream().map(k -> k + " = ?").toList());
        long rows = 0;
        long touched = 0;
        long minId = Long.MAX_VALUE;
        long maxId = Long.MIN_VALUE;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (long k = 0; k < Math.min(keysUsed, ledger.capacity()); k++) {
                int flags = ledger.flags(k);
                if ((flags & Ledger.TOUCHED) == 0) {
                    continue;
                }
                touched++;
                List<Object> values = keys.apply(k);
                for (int i = 0; i < values.size(); i++) {
                    ps.setObject(i + 1, values.get(i));
                }
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                rows += ids.size();
                for (long id : ids) {
                    minId = Math.min(minId, id);
                    maxId = Math.max(maxId, id);
                }
                check(ledger, k, values, ids, flags);
            }
        }
        return new Verification(problemCount == 0, problemCount, List.copyOf(problems), rows, touched,
                rows == 0 ? 0 : skipped(c, table, idColumn, minId, maxId));
    }

    /**
     * Ids between the race's lowest and highest that no row of the table has: values the race burnt (a failed or
     * ignored insert, an upsert that found the row), counted from the table itself. Rows other writers added in that
     * range count as used, so it never counts more than were burnt in it.
     */
    private static long skipped(Connection c, String table, String idColumn, long minId, long maxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + idColumn
                + " BETWEEN ? AND ?")) {
            ps.setLong(1, minId);
            ps.setLong(2, maxId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return maxId - minId + 1 - rs.getLong(1);
            }
        }
    }

    private void check(Ledger ledger, long k, List<Object> key, List<Long> ids, int flags) {
        long given = ledger.id(k);
        if (ids.size() > 1) {
            problem("key " + key + " has " + ids.size() + " rows: " + ids);
            return;
        }
        if (ids.isEmpty()) {
            if (given != 0) {
                problem("key " + key + ": calls were given id " + given + " but the table has no row");
            }
            return;
        }
        long id = ids.get(0);
        if (given != 0 && given != id) {
            problem("key " + key + ": calls were given id " + given + " but the table holds id " + id);
        }
        int creates = ledger.creates(k);
        if (creates > 1) {
            problem("key " + key + ": " + creates + " callers were told they created the row");
        }
        if (creates == 0 && (flags & Ledger.IN_DOUBT) == 0) {
            problem("key " + key + ": row id " + id + " exists but no caller was told it created it (was the key fresh?)");
        }
    }

    private void problem(String message) {
        problemCount++;
        if (problems.size() < MAX_LISTED) {
            problems.add(message);
        }
    }
}
