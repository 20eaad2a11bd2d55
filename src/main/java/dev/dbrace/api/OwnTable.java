package dev.dbrace.api;

import dev.dbrace.db.Target;
import dev.dbrace.inproc.FreshKeys;
import dev.dbrace.inproc.OwnGround;
import dev.dbrace.race.Ground;
import java.util.List;
import java.util.Objects;

/**
 * Your own table as a race's ground, instead of dbrace's: its name, its unique key columns, its id
 * column, and a {@link KeySource} of fresh keys. dbrace then verifies one row per raced key and that
 * every id a caller got is the table's; it creates, drops and deletes nothing in it.
 *
 * <pre>{@code
 * OwnTable orders = OwnTable.named("cart_item").keyColumns("cart_id", "sku").idColumn("id").keys(keys);
 * db.race("CartRepository.addItem", call -> repo.getOrCreate(call)).table(orders).run().assertSafe();
 * }</pre>
 */
public final class OwnTable {

    private final String table;
    private List<String> keyColumns = List.of();
    private String idColumn = "id";
    private KeySource keys;

    private OwnTable(String table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    public static OwnTable named(String table) {
        return new OwnTable(table);
    }

    /** The columns of the unique key the get-or-create relies on. */
    public OwnTable keyColumns(String... columns) {
        this.keyColumns = List.of(columns);
        return this;
    }

    /** The column of the row's id (default {@code id}), which callers report in {@link Seen}. */
    public OwnTable idColumn(String column) {
        this.idColumn = Objects.requireNonNull(column, "idColumn");
        return this;
    }

    /**
     * Where the fresh keys come from. Without it, dbrace makes them itself from the catalogue where no foreign key
     * constrains the key columns (an integer above the column's highest, a string stamped with the run's start).
     */
    public OwnTable keys(KeySource source) {
        this.keys = Objects.requireNonNull(source, "keys");
        return this;
    }

    public String table() {
        return table;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public String idColumn() {
        return idColumn;
    }

    public KeySource keySource() {
        return keys;
    }

    /** This table as a race's or an exploration's ground on {@code target}: the keys given, or made fresh by dbrace. */
    Ground ground(Target target) {
        check();
        return new OwnGround(table, keyColumns, idColumn, keys != null ? keys : new FreshKeys(target, table, keyColumns));
    }

    void check() {
        if (keyColumns.isEmpty()) {
            throw new IllegalStateException("OwnTable " + table + " needs keyColumns(...)");
        }
    }
}
