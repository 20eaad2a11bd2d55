package dev.dbrace.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One column of a table's unique key, as the catalogue (information_schema, on both MySQL and PostgreSQL) describes
 * it: its type, its length, and whether a foreign key constrains it.
 *
 * @param dataType   information_schema's DATA_TYPE, lower case ({@code varchar}, {@code bigint}, {@code uuid}, …)
 * @param maxLength  CHARACTER_MAXIMUM_LENGTH for strings; 0 when none
 * @param foreignKey a foreign key constrains it: its values must be a parent row's
 */
public record KeyColumn(String name, String dataType, long maxLength, boolean foreignKey) {

    /** The key columns of {@code table} (in the current schema) as the catalogue has them, in the order given. */
    public static List<KeyColumn> read(Connection c, Dialect dialect, String table, List<String> columns)
            throws SQLException {
        String schema = dialect.currentSchema();
        String bare = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
        String schemaOf = table.contains(".") ? "?" : schema;
        Map<String, Object[]> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, character_maximum_length "
                + "FROM information_schema.columns WHERE table_schema = " + schemaOf + " AND table_name = ?")) {
            bind(ps, table, bare);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1).toLowerCase(Locale.ROOT), new Object[] {
                            rs.getString(2).toLowerCase(Locale.ROOT), rs.getLong(3)});
                }
            }
        }
        Set<String> referencing = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.column_name FROM information_schema.key_column_usage k "
                + "JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name "
                + "AND t.table_schema = k.table_schema AND t.table_name = k.table_name "
                + "WHERE t.constraint_type = 'FOREIGN KEY' AND k.table_schema = " + schemaOf + " AND k.table_name = ?")) {
            bind(ps, table, bare);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    referencing.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        List<KeyColumn> out = new ArrayList<>();
        for (String col : columns) {
            Object[] t = types.get(col.toLowerCase(Locale.ROOT));
            if (t == null) {
                throw new SQLException("the catalogue has no column " + col + " in table " + table);
            }
            out.add(new KeyColumn(col, (String) t[0], (Long) t[1], referencing.contains(col.toLowerCase(Locale.ROOT))));
        }
        return out;
    }

    private static void bind(PreparedStatement ps, String table, String bare) throws SQLException {
        if (table.contains(".")) {
            ps.setString(1, table.substring(0, table.indexOf('.')));
            ps.setString(2, bare);
        } else {
            ps.setString(1, bare);
        }
    }

    /** An integer type: {@code tinyint}, {@code smallint}, {@code int}, {@code integer}, {@code bigint}, … */
    public boolean integer() {
        return dataType.endsWith("int") || dataType.equals("integer");
    }

    /** A string type: {@code varchar}, {@code char}, {@code text}, {@code character varying}, … */
    public boolean string() {
        return dataType.contains("char") || dataType.contains("text");
    }

    /** The largest value an integer column takes. */
    public long integerMax() {
        return switch (dataType) {
            case "tinyint" -> 127;
            case "smallint" -> 32_767;
            case "mediumint" -> 8_388_607;
            case "int", "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }
}
