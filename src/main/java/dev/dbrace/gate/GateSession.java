package dev.dbrace.gate;

import java.util.ArrayList;
import java.util.List;

/** One client connection through the gate, and the server session it is. */
public final class GateSession {

    /** Statements a session keeps for {@link #statements()}; a long race's later ones pass uncounted here. */
    static final int KEPT = 10_000;

    private final long serverSession;
    private final List<WireStatement> statements = new ArrayList<>();

    GateSession(long serverSession) {
        this.serverSession = serverSession;
    }

    /** The server's id of this session: MySQL's connection id, PostgreSQL's backend pid. */
    public long serverSession() {
        return serverSession;
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
