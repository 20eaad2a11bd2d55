package dev.dbrace.cli;

import dev.dbrace.db.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** {@code --schema FILE}: the user's SQL, run on a target once it is up (their tables on an embedded server). */
final class SchemaFile {

    private SchemaFile() {
    }

    /** The file's statements: each ends with ';' at the end of a line; whole-line -- comments are skipped. */
    static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty() && b.length() == 0) {
                continue;
            }
            b.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = b.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                b.setLength(0);
            }
        }
        if (!b.toString().isBlank()) {
            out.add(b.toString().strip());
        }
        return out;
    }

    static void run(Path file, Target t) throws SQLException, IOException {
        List<String> sql = statements(Files.readString(file));
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String q : sql) {
                try {
                    s.execute(q);
                } catch (SQLException e) {
                    throw new SQLException("--schema " + file + ": " + q.lines().findFirst().orElse(q) + " failed: "
                            + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                }
            }
        }
    }
}
