package dev.dbrace.inproc;

import dev.dbrace.api.KeySource;
import dev.dbrace.race.Ground;
import dev.dbrace.verify.Ledger;
import dev.dbrace.verify.OwnTableVerifier;
import dev.dbrace.verify.Verification;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A user's own table as a race's ground: checked, never created or dropped; keys from the user's {@link KeySource}. */
public final class OwnGround implements Ground {

    private final String table;
    private final List<String> keyColumns;
    private final String idColumn;
    private final KeySource keys;

    public OwnGround(String table, List<String> keyColumns, String idColumn, KeySource keys) {
        this.table = table;
        this.keyColumns = List.copyOf(keyColumns);
        this.idColumn = idColumn;
        this.keys = keys;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public List<String> keyColumns() {
        return keyColumns;
    }

    @Override
    public String idColumn() {
        return idColumn;
    }

    /** Checks that the table and its columns are there, reading no row. */
    @Override
    public void prepare(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.executeQuery("SELECT " + idColumn + ", " + String.join(", ", keyColumns) + " FROM " + table + " WHERE 1 = 0")
                    .close();
        } catch (SQLException e) {
            throw new SQLException("your table " + table + " with columns " + idColumn + ", " + keyColumns
                    + " cannot be read: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    @Override
    public void ensureKeys(Connection admin, long count) throws SQLException {
        keys.prepare(admin, count);
    }

    @Override
    public List<Object> key(long index) {
        return keys.key(index);
    }

    @Override
    public Verification verify(Connection c, Ledger ledger, long keysUsed) throws SQLException {
        return OwnTableVerifier.verify(c, table, keyColumns, idColumn, keys::key, ledger, keysUsed);
    }

    @Override
    public void release(Connection c, boolean keep) {
        // the user's table and rows stay as the race left them
    }
}
