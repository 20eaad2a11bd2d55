package dev.dbrace.race;

import java.sql.SQLException;

/** The server stopped answering during a race: reconnects kept failing, so the strategy was abandoned. */
public final class ServerGoneException extends SQLException {

    public ServerGoneException(String strategy, int attempts, SQLException last) {
        super("the server went away while racing " + strategy + ": " + attempts + " reconnect attempts in a row failed"
                + (last == null ? "" : " (last: SQLState " + last.getSQLState() + ", code " + last.getErrorCode() + ")"),
                "08006", last);
    }
}
