package dev.dbrace.inproc;

import dev.dbrace.api.KeySource;
import dev.dbrace.db.KeyColumn;
import dev.dbrace.db.Target;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keys dbrace makes itself for a table whose key columns no foreign key constrains, read from the catalogue
 * ({@link KeyColumn}): one column is made fresh (an integer above the column's highest value, a string stamped with
 * the microsecond this race started (later than any other race's of the same JVM), or a name-based UUID) and the others hold one constant, so every key is new to the
 * table and to every earlier run. A column it cannot fill (one a foreign key constrains, a date, a decimal) is refused
 * in one line that says to give a keys command.
 */
public final class FreshKeys implements KeySource {

    /** The last stamp given out in this JVM: each instance's is later, so two races in one JVM never share keys. */
    private static final AtomicLong LAST_STAMP = new AtomicLong();

    private final String stamp;

    private final Target target;
    private final String table;
    private final List<String> columns;
    private volatile List<KeyColumn> facts;
    private volatile int fresh;
    private volatile long integerBase;

    public FreshKeys(Target target, String table, List<String> columns) {
        this.target = target;
        this.table = table;
        this.columns = List.copyOf(columns);
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        this.stamp = Long.toString(LAST_STAMP.updateAndGet(last -> Math.max(last + 1, now)), 36);
    }

    @Override
    public void prepare(Connection c, long keys) throws SQLException {
        if (facts == null) {
            plan(c);
        }
        KeyColumn f = facts.get(fresh);
        if (f.integer() && integerBase + keys - 1 > f.integerMax()) {
            throw new SQLException(table + "." + f.name() + " is a " + f.dataType() + ": " + keys + " fresh keys above its "
                    + "highest value do not fit; give --keys-command");
        }
    }

    private void plan(Connection c) throws SQLException {
        List<KeyColumn> cols = KeyColumn.read(c, target.dialect(), table, columns);
        int pick = -1;
        for (int i = 0; i < cols.size(); i++) {
            KeyColumn k = cols.get(i);
            if (k.foreignKey()) {
                throw new SQLException(table + "." + k.name() + " references another table: dbrace cannot make its "
                        + "parent rows; give --keys-command (or a KeySource in Java) to make them");
            }
            if (!k.integer() && !k.string() && !k.dataType().equals("uuid")) {
                throw new SQLException(table + "." + k.name() + " is a " + k.dataType() + ": dbrace makes keys for "
                        + "integer, string and uuid columns; give --keys-command (or a KeySource in Java)");
            }
            if (pick < 0 && (k.integer() || k.dataType().equals("uuid")
                    || k.string() && (k.maxLength() == 0 || k.maxLength() >= compact(0).length() + 4))) {
                pick = i;
            }
        }
        if (pick < 0) {
            throw new SQLException("no key column of " + table + " has room for a fresh value (a string needs "
                    + (compact(0).length() + 4) + " characters); give --keys-command");
        }
        if (cols.get(pick).integer()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX("
                    + cols.get(pick).name() + "), 0) FROM " + table)) {
                rs.next();
                integerBase = rs.getLong(1) + 1;
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        fresh = pick;
        facts = List.copyOf(cols);
    }

    @Override
    public List<Object> key(long index) {
        List<Object> key = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            KeyColumn k = facts.get(i);
            if (i == fresh) {
                key.add(k.integer() ? (Object) (integerBase + index)
                        : k.dataType().equals("uuid") ? UUID.nameUUIDFromBytes((stamp + "-" + index).getBytes(StandardCharsets.UTF_8))
                        : k.maxLength() == 0 || k.maxLength() >= full(index).length() ? full(index) : compact(index));
            } else {
                key.add(k.integer() ? (Object) 0L : k.dataType().equals("uuid") ? new UUID(0, 0) : "dbrace");
            }
        }
        return key;
    }

    private String full(long index) {
        return "dbrace-" + stamp + "-" + index;
    }

    private String compact(long index) {
        return stamp + Long.toString(index, 36);
    }
}
