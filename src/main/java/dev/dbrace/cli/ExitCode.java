package dev.dbrace.cli;

/** dbrace's exit statuses; stable, documented in docs/commands.md. */
public final class ExitCode {

    /** Every strategy ran and verified (anomalies are findings, not failures). */
    public static final int OK = 0;
    /** A verification failed (or, for {@code check}, an expectation did not hold). */
    public static final int FAILED = 1;
    /** Bad usage: unknown option or value. */
    public static final int USAGE = 2;
    /** The target could not be reached or started. */
    public static final int UNREACHABLE = 3;
    /** The run failed for another reason (a database error outside the race, an I/O error). */
    public static final int ERROR = 4;
    /** Interrupted by SIGINT; partial results were written. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
