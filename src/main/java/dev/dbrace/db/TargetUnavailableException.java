package dev.dbrace.db;

/** A target that cannot be started or reached here; the message says why and what to use instead. */
public final class TargetUnavailableException extends Exception {

    public TargetUnavailableException(String message) {
        super(message);
    }

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
