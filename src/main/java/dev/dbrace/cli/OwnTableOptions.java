package dev.dbrace.cli;

import dev.dbrace.worker.WorkerTable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --table} and its companions: a worker races on the team's own table instead of dbrace's. */
final class OwnTableOptions {


    @Option(names = "--table", paramLabel = "TABLE",
            description = "Race each --worker (with explain --all, also --strategy-jar's code) on your own table "
                    + "instead of dbrace's: dbrace verifies it (one row per "
                    + "raced key, every id a caller got is there) and creates, drops and deletes nothing in it. Needs "
                    + "--key-columns, and --keys-command where a foreign key constrains them.")
    String table;

    @Option(names = "--key-columns", paramLabel = "COL,COL", split = ",",
            description = "With --table: the columns of the unique key the get-or-create relies on.")
    List<String> keyColumns = new ArrayList<>();

    @Option(names = "--id-column", paramLabel = "COL", defaultValue = "id",
            description = "With --table: the row's id column, which the worker reports (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--keys-command", paramLabel = "COMMAND",
            description = "With --table, where a foreign key constrains the key columns (elsewhere dbrace makes fresh "
                    + "values of the columns' types itself): makes fresh keys and their parent rows. Run with sh -c, told the target and "
                    + "the batch in DBRACE_* variables (DBRACE_KEYS_FROM, DBRACE_KEYS_COUNT), it prints one JSON "
                    + "object per key, e.g. {\"thing_id\":17,\"owner_id\":4}.")
    String keysCommand;

    /**
     * The table, or null when none was given; a half-given one is a usage error.
     *
     * @param defaultKeys the keys command an adapter makes (--django-keys), or null; --keys-command wins over it
     */
    WorkerTable table(CommandSpec spec, boolean workers, String defaultKeys) {
        String keysCommand = this.keysCommand != null ? this.keysCommand : defaultKeys;
        if (table == null) {
            if (!keyColumns.isEmpty() || this.keysCommand != null) {
                throw new ParameterException(spec.commandLine(), "--key-columns and --keys-command go with --table");
            }
            return null;
        }
        if (!workers) {
            throw new ParameterException(spec.commandLine(), "--table races your code (a --worker, an adapter "
                    + "such as --django, or --strategy-jar's classes) on your own table; dbrace's strategies know only "
                    + "dbrace's tables (Java code takes OwnTable in the Java API)");
        }
        if (keyColumns.isEmpty() || keysCommand != null && keysCommand.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--table " + table + " needs --key-columns (its unique key), "
                    + "and --keys-command where a foreign key constrains them");
        }
        for (String name : Stream.concat(Stream.of(table, idColumn), keyColumns.stream())
                .toList()) {
            if (!WorkerTable.plainName(name)) {
                throw new ParameterException(spec.commandLine(), "'" + name + "' is not a plain table or column name "
                        + "(letters, digits, _ and $; a table may be schema.table)");
            }
        }
        return new WorkerTable(table, keyColumns, idColumn, keysCommand);
    }
}
