package dev.dbrace.verify;

import dev.dbrace.strategy.KeySpace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads the {@code myobj} table back and holds it against the {@link Ledger}. A problem is:
 * <ul>
 *   <li>a key with more than one row (the unique key failed), or a row for a key no call raced;</li>
 *   <li>a key some call got a row for, without a row in the table;</li>
 *   <li>two calls given different ids for one key, or an id that differs from the table's;</li>
 *   <li>more than one caller told "created" for one key, or a row no caller was told it created;</li>
 *   <li>a final {@code state} that no successful call wrote.</li>
 * </ul>
 * Keys where a call ended with a broken connection or a timeout are in doubt — its COMMIT may or
 * may not have landed — so the last two checks are skipped for them.
 */
public final class Verifier {

    private static final int MAX_LISTED = 20;

    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    public static Verification verify(Connection c, String table, Ledger ledger, long keysUsed) throws SQLException {
        return new Verifier().run(c, table, ledger, keysUsed);
    }

    private Verification run(Connection c, String table, Ledger ledger, long keysUsed) throws SQLException {
        for (String conflict : ledger.conflicts()) {
            problem(conflict);
        }
        problemCount += Math.max(0, ledger.conflictCount() - ledger.conflicts().size());
        BitSet seen = new BitSet();
        long rows = 0;
        long maxId = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT thing_id, owner_id, id, state FROM " + table)) {
            while (rs.next()) {
                rows++;
                long thing = rs.getLong(1);
                long owner = rs.getLong(2);
                long id = rs.getLong(3);
                boolean state = rs.getBoolean(4);
                maxId = Math.max(maxId, id);
                long k = KeySpace.index(thing, owner);
                if (k < 0 || k >= keysUsed || k >= ledger.capacity() || (ledger.flags(k) & Ledger.TOUCHED) == 0) {
                    problem("row id " + id + " (thing " + thing + ", owner " + owner + ") is for a key no call raced");
                    continue;
                }
                if (seen.get((int) k)) {
                    problem("key #" + k + " has more than one row (id " + id + " is a duplicate)");
                    continue;
                }
                seen.set((int) k);
                checkRow(ledger, k, id, state);
            }
        }
        long touched = 0;
        for (long k = 0; k < Math.min(keysUsed, ledger.capacity()); k++) {
            int flags = ledger.flags(k);
            if ((flags & Ledger.TOUCHED) == 0) {
                continue;
            }
            touched++;
            if (!seen.get((int) k) && ledger.id(k) != 0) {
                problem("key #" + k + ": calls were given id " + ledger.id(k) + " but the table has no row");
            }
        }
        return new Verification(problemCount == 0, problemCount, List.copyOf(problems), rows, touched,
                Math.max(0, maxId - rows));
    }

    private void checkRow(Ledger ledger, long k, long id, boolean state) {
        int flags = ledger.flags(k);
        long given = ledger.id(k);
        if (given != 0 && given != id) {
            problem("key #" + k + ": calls were given id " + given + " but the table holds id " + id);
        }
        int creates = ledger.creates(k);
        if (creates > 1) {
            problem("key #" + k + ": " + creates + " callers were told they created the row");
        }
        if ((flags & Ledger.IN_DOUBT) != 0) {
            return;
        }
        if (creates == 0) {
            problem("key #" + k + ": row id " + id + " exists but no caller was told it created it");
        }
        int wrote = state ? Ledger.WROTE_TRUE : Ledger.WROTE_FALSE;
        if ((flags & wrote) == 0) {
            problem("key #" + k + ": final state " + state + " was written by no successful call");
        }
    }

    private void problem(String message) {
        problemCount++;
        if (problems.size() < MAX_LISTED) {
            problems.add(message);
        }
    }
}
