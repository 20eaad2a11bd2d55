package dev.dbrace.gate;

/**
 * One statement a client sent through the gate, and its answer.
 *
 * @param session      the server's id of the session (MySQL's connection id from the handshake)
 * @param sql          the statement's text; for an executed prepared statement, the text it was prepared from
 * @param how          how the client sent it ({@code query}, {@code prepare}, {@code execute})
 * @param startNanos   when the gate passed it to the server ({@link System#nanoTime()})
 * @param elapsedNanos until the server's whole answer had passed back
 */
public record WireStatement(long session, String sql, String how, Answer answer, long startNanos, long elapsedNanos) {

    @Override
    public String toString() {
        return sql + " → " + answer;
    }
}
