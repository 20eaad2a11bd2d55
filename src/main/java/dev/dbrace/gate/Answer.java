package dev.dbrace.gate;

/**
 * What the server answered one statement, as the gate read it off the wire.
 *
 * @param rows    affected rows for {@link Kind#OK}, rows returned for {@link Kind#ROWS}
 * @param message the error's message; for PostgreSQL's OK, the command tag ({@code COMMIT}, or {@code ROLLBACK} for
 *                the COMMIT of a failed transaction)
 */
public record Answer(Kind kind, long rows, int errorCode, String sqlState, String message) {

    public enum Kind { OK, ROWS, ERROR }

    public static Answer ok(long affected) {
        return new Answer(Kind.OK, affected, 0, "", "");
    }

    public static Answer rows(long rows) {
        return new Answer(Kind.ROWS, rows, 0, "", "");
    }

    public static Answer error(int code, String sqlState, String message) {
        return new Answer(Kind.ERROR, 0, code, sqlState, message);
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
