package dev.dbrace.db;

import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorClassifier;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Turns a failed first connection into one sentence that says what to do, from the exception types
 * in the cause chain and the error tables of the families the URL's driver may reach — never from
 * message text.
 */
public final class ConnectFailure {

    private ConnectFailure() {
    }

    /** A hint for the failure, or null when there is nothing better than the driver's own message. */
    public static String hint(Throwable e, String user, String jdbcUrl) {
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
                String hint = hint(kind(s, jdbcUrl), user);
                if (hint != null) {
                    return hint;
                }
            }
        }
        return null;
    }

    private static DbError kind(SQLException s, String jdbcUrl) {
        for (DialectProvider p : Dialects.forUrl(JdbcDriver.normalise(jdbcUrl))) {
            DbError kind = new ErrorClassifier(p.errorCodes()).classify(s);
            if (kind != DbError.OTHER) {
                return kind;
            }
        }
        return DbError.OTHER;
    }

    private static String hint(DbError kind, String user) {
        return switch (kind) {
            case ACCESS_DENIED -> "access denied for user '" + user + "': check --user and the password (DBRACE_PASSWORD)";
            case UNKNOWN_DATABASE -> "the database named in the URL does not exist: create it or name another one";
            case TOO_MANY_CONNECTIONS -> "the server has no free connections (max_connections reached)";
            default -> null;
        };
    }
}
