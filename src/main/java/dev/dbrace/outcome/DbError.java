package dev.dbrace.outcome;

import java.util.Locale;

/**
 * A kind of error the database raised during a call, whether the strategy handled it or not.
 * Classified by {@link ErrorClassifier} from SQLState and vendor code only.
 */
public enum DbError {
    DUPLICATE_KEY,
    FOREIGN_KEY,
    DEADLOCK,
    /**
     * A Galera node refused the transaction at COMMIT: another node's write set certified first (MySQL
     * error 1213 at COMMIT on a cluster node). A 1213 at an earlier step is a brute-force abort by
     * replication and stays {@link #DEADLOCK}, with its step.
     */
    CERTIFICATION_FAILURE,
    LOCK_WAIT_TIMEOUT,
    SERIALIZATION_FAILURE,
    QUERY_TIMEOUT,
    TRANSACTION_ABORTED,
    CONNECTION,
    READ_ONLY,
    ACCESS_DENIED,
    /** The database named to connect to does not exist (a connect failure). */
    UNKNOWN_DATABASE,
    /** The server refused a connection: max_connections reached (a connect failure). */
    TOO_MANY_CONNECTIONS,
    OTHER;

    /** The snake_case name used in every report. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
