package dev.dbrace.gate;

/**
 * What the server answered one statement, as the gate read it off the wire.
 *
 * @param rows    affected rows for {@link Kind#OK} (matched rows where {@code matched}), rows returned for {@link Kind#ROWS}
 * @param message the error's message; for PostgreSQL's OK, the command tag ({@code COMMIT}, or {@code ROLLBACK} for
 *                the COMMIT of a failed transaction)
 * @param matched for {@link Kind#OK} on MySQL and MariaDB: the client asked for found rows (CLIENT_FOUND_ROWS, as
 *                Connector/J and SQLAlchemy's mysqldb do), so {@code rows} counts the rows a statement matched, and an
 *                {@code INSERT … ON DUPLICATE KEY UPDATE} that changed nothing counts 1, as one that inserted does
 */
public record Answer(Kind kind, long rows, int errorCode, String sqlState, String message, boolean matched) {

    public enum Kind { OK, ROWS, ERROR }

    public static Answer ok(long affected) {
        return new Answer(Kind.OK, affected, 0, "", "", false);
    }

    /** An OK whose count is of the rows matched (CLIENT_FOUND_ROWS). */
    public static Answer matched(long matched) {
        return new Answer(Kind.OK, matched, 0, "", "", true);
    }

    /** PostgreSQL's CommandComplete: its tag, and the count in it. */
    public static Answer tagged(String tag, long rows) {
        return new Answer(Kind.OK, rows, 0, "", tag, false);
    }

    public static Answer rows(long rows) {
        return new Answer(Kind.ROWS, rows, 0, "", "", false);
    }

    public static Answer error(int code, String sqlState, String message) {
        return new Answer(Kind.ERROR, 0, code, sqlState, message, false);
    }

    public boolean failed() {
        return kind == Kind.ERROR;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OK -> message.isEmpty() ? "ok, " + rows + (rows == 1 ? " row" : " rows") + " affected" : message;
            case ROWS -> rows + (rows == 1 ? " row" : " rows");
            case ERROR -> "ERROR " + errorCode + "/" + sqlState + ": " + message;
        };
    }
}
