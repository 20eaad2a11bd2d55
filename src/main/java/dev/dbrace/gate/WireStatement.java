package dev.dbrace.gate;

/**
 * One statement a client sent through the gate, and its answer.
 *
 * @param session      the server's id of the session (MySQL's connection id from the handshake)
 * @param sql          the statement's text; for an executed prepared statement, the text it was prepared from
 * @param how          how the client sent it ({@code query}, {@code prepare}, {@code execute})
 * @param startNanos   when the gate passed it to the server ({@link System#nanoTime()})
 * @param elapsedNanos until the server's whole answer had passed back
 * @param after        where the session's transaction stood after the answer, where the wire says so statement by
 *                     statement (MySQL's status flags); {@link GateSession.Status#UNKNOWN} on PostgreSQL, whose
 *                     ReadyForQuery comes once a batch, and whose transactions only its BEGIN opens
 */
public record WireStatement(long session, String sql, String how, Answer answer, long startNanos, long elapsedNanos,
                            GateSession.Status after) {

    /** The statement on one line (an ORM's line breaks and indents as single spaces), and its answer. */
    @Override
    public String toString() {
        return sql.strip().replaceAll("\\s+", " ") + " → " + answer;
    }
}
