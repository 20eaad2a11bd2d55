package dev.dbrace.worker;

import dev.dbrace.db.Target;
import dev.dbrace.inproc.FreshKeys;
import dev.dbrace.inproc.OwnGround;
import dev.dbrace.race.Ground;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The team's own table that a worker races on ({@code --table}), instead of dbrace's: its name, its unique key
 * columns, its id column, and the command that makes fresh keys and their parent rows ({@code --keys-command}; null
 * where no foreign key constrains the key columns, and dbrace makes the keys itself, {@link FreshKeys}).
 * dbrace verifies that table and touches nothing else in the team's schema; the worker is told it in its hello.
 */
public record WorkerTable(String name, List<String> keyColumns, String idColumn, String keysCommand) {

    public WorkerTable {
        keyColumns = List.copyOf(keyColumns);
        if (name.isBlank() || keyColumns.isEmpty() || idColumn.isBlank() || keysCommand != null && keysCommand.isBlank()) {
            throw new IllegalArgumentException("--table needs --key-columns and --id-column");
        }
    }

    /** A plain SQL name, as a worker's hello and calls carry them unquoted in JSON and dbrace's reads in SQL. */
    private static final Pattern PLAIN_NAME =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z_][A-Za-z0-9_$]*");

    /** True for a plain table or column name: letters, digits, _ and $; a table may be schema.table. */
    public static boolean plainName(String name) {
        return PLAIN_NAME.matcher(name).matches();
    }

    /** The race's ground on {@code target}: this table, keys from the keys command run against the same server. */
    public Ground ground(Target target) {
        return new OwnGround(name, keyColumns, idColumn, keysCommand == null ? new FreshKeys(target, name, keyColumns)
                : new KeysCommand(keysCommand, name, keyColumns, target));
    }
}
