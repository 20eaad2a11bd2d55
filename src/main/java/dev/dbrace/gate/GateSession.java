package dev.dbrace.gate;

import java.util.ArrayList;
import java.util.List;

/** One client connection through the gate, and the server session it is. */
public final class GateSession {

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
        statements.add(s);
    }

    /** Every statement this session sent so far, in order. */
    public synchronized List<WireStatement> statements() {
        return List.copyOf(statements);
    }
}
