package dev.dbrace.gate;

import java.util.ArrayList;
import java.util.List;

/** One client connection through the gate, and the server session it is. */
public final class GateSession {

    /** Statements a session keeps for {@link #statements()}; a long race's later ones pass uncounted here. */
    static final int KEPT = 10_000;

    /**
     * Where the session's transaction stands after its last answer, as the server's wire says it (MySQL's
     * SERVER_STATUS_IN_TRANS and SERVER_STATUS_AUTOCOMMIT flags, PostgreSQL's ReadyForQuery).
     */
    public enum Status {
        /** No answer read yet. */
        UNKNOWN,
        /** No transaction open, autocommit on: the next statement is a transaction of its own (unless it begins one). */
        IDLE,
        /** No transaction open, autocommit off (MySQL): the next statement opens one. */
        IDLE_MANUAL,
        /** The statement about to be sent comes after a BEGIN in the same batch (pgJDBC's): a transaction it opened. */
        BEGUN,
        /** A transaction is open (or failed, on PostgreSQL, until its ROLLBACK). */
        OPEN
    }

    private final long serverSession;
    private volatile Status status = Status.UNKNOWN;
    private final List<WireStatement> statements = new ArrayList<>();

    GateSession(long serverSession) {
        this.serverSession = serverSession;
    }

    /** The server's id of this session: MySQL's connection id, PostgreSQL's backend pid. */
    public long serverSession() {
        return serverSession;
    }

    /** Where the session's transaction stands, as its last answer said. */
    public Status status() {
        return status;
    }

    void status(Status s) {
        status = s;
    }

    synchronized void add(WireStatement s) {
        if (statements.size() < KEPT) {
            statements.add(s);
        }
    }

    /** The statements this session sent, in order: the first {@link #KEPT}. */
    public synchronized List<WireStatement> statements() {
        return List.copyOf(statements);
    }
}
