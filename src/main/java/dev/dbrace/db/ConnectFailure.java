package dev.dbrace.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Turns a failed first connection into one sentence that says what to do, from SQLState, vendor
 * code and the exception types in the cause chain — never from message text.
 */
public final class ConnectFailure {

    private ConnectFailure() {
    }

    /** A hint for the failure, or null when there is nothing better than the driver's own message. */
    public static String hint(Throwable e, String user) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host: check the host name in the URL";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "nothing accepts connections there: check the host and port, and that the server is running";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer within the connect timeout: check the host, the port and any firewall";
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                int code = s.getErrorCode();
                if (code == 1045 || code == 1698 || state.equals("28000") || state.equals("28P01")) {
                    return "access denied for user '" + user + "': check --user and the password (DBRACE_PASSWORD)";
                }
                if (code == 1049 || state.equals("3D000")) {
                    return "the database named in the URL does not exist: create it or name another one";
                }
                if (code == 1040 || state.equals("53300")) {
                    return "the server has no free connections (max_connections reached)";
                }
            }
        }
        return null;
    }
}
