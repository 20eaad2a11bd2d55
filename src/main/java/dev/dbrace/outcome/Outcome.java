package dev.dbrace.outcome;

import java.util.Locale;

/**
 * What the caller of a get-or-create saw when the call returned or raised.
 *
 * <p>Each outcome carries a grade in the style of jcstress: {@link Expect#ACCEPTABLE} outcomes are
 * what a correct get-or-create may return; {@link Expect#FORBIDDEN} ones mean the race escaped to the
 * caller; {@link Expect#INTERESTING} ones are errors a caller must be ready to retry (deadlocks,
 * timeouts, serialization failures, lost connections) — legitimate, but a cost.
 */
public enum Outcome {
    CREATED(Expect.ACCEPTABLE, "this call inserted the row"),
    FOUND(Expect.ACCEPTABLE, "this call returned a row another call inserted"),
    DOES_NOT_EXIST(Expect.FORBIDDEN, "re-read after a duplicate key found no row (DoesNotExist)"),
    INTEGRITY_ERROR(Expect.FORBIDDEN, "a duplicate-key error escaped to the caller (IntegrityError)"),
    DEADLOCK(Expect.INTERESTING, "the server chose this transaction as a deadlock victim"),
    CERTIFICATION_FAILURE(Expect.INTERESTING, "a cluster refused the COMMIT: another node's write of the key certified first"),
    LOCK_WAIT_TIMEOUT(Expect.INTERESTING, "a lock wait exceeded the server's lock timeout"),
    SERIALIZATION_FAILURE(Expect.INTERESTING, "the server aborted the transaction to keep it serializable"),
    CALL_TIMEOUT(Expect.INTERESTING, "a statement was cancelled by the per-call timeout"),
    CONNECTION_ERROR(Expect.INTERESTING, "the connection broke during the call"),
    SESSION_UNUSABLE(Expect.FORBIDDEN, "the ORM refused to go on after a failed flush (session unusable, or "
            + "transaction rollback-only)"),
    OTHER(Expect.FORBIDDEN, "any other error (see the samples)");

    /** How an outcome is graded. */
    public enum Expect { ACCEPTABLE, INTERESTING, FORBIDDEN }

    private final Expect expect;
    private final String description;

    Outcome(Expect expect, String description) {
        this.expect = expect;
        this.description = description;
    }

    public Expect expect() {
        return expect;
    }

    public String description() {
        return description;
    }

    /** The snake_case name used in every report. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the caller got a row back. */
    public boolean isSuccess() {
        return expect == Expect.ACCEPTABLE;
    }

    /** True when the race itself escaped to the caller (the seed's bug). */
    public boolean isRaceAnomaly() {
        return this == DOES_NOT_EXIST || this == INTEGRITY_ERROR;
    }

    /** The outcome a caller sees when a call ends with a database error of this kind. */
    public static Outcome of(DbError error) {
        return switch (error) {
            case DUPLICATE_KEY -> INTEGRITY_ERROR;
            case DEADLOCK -> DEADLOCK;
            case CERTIFICATION_FAILURE -> CERTIFICATION_FAILURE;
            case LOCK_WAIT_TIMEOUT -> LOCK_WAIT_TIMEOUT;
            case SERIALIZATION_FAILURE -> SERIALIZATION_FAILURE;
            case QUERY_TIMEOUT -> CALL_TIMEOUT;
            case CONNECTION -> CONNECTION_ERROR;
            default -> OTHER;
        };
    }
}
