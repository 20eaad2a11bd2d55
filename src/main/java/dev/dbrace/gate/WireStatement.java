package dev.dbrace.gate;

import dev.dbrace.outcome.Samples;
import dev.dbrace.outcome.Swimlane;
import java.util.ArrayList;
import java.util.List;

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

    /** A call's statements as one line for a sample: "SELECT … → 0 rows | SAVEPOINT … → ok, 0 rows affected | …". */
    public static String witness(List<WireStatement> wire) {
        StringBuilder b = new StringBuilder();
        for (WireStatement w : wire) {
            if (!w.how().equals("prepare")) {
                b.append(b.length() == 0 ? "" : Samples.BETWEEN).append(w);
            }
        }
        return b.toString();
    }

    /** A call's statements as a lane of a {@link Swimlane}: each with when the gate passed it on and had its answer. */
    public static Swimlane.Lane lane(String who, List<WireStatement> wire) {
        List<Swimlane.Box> boxes = new ArrayList<>();
        for (WireStatement w : wire) {
            if (!w.how().equals("prepare")) {
                boxes.add(new Swimlane.Box(oneLine(w.sql()), w.answer().toString(), w.answer().failed(), w.startNanos(),
                        w.startNanos() + w.elapsedNanos()));
            }
        }
        return new Swimlane.Lane(who, List.copyOf(boxes));
    }

    private static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    /** The statement on one line (an ORM's line breaks and indents as single spaces), and its answer. */
    @Override
    public String toString() {
        return oneLine(sql) + " → " + answer;
    }
}
