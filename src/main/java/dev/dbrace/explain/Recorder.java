package dev.dbrace.explain;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Collects the steps of both sessions in the order they happen; thread-safe. */
final class Recorder {

    private final long t0 = System.nanoTime();
    private final List<Step> steps = new ArrayList<>();

    static String code(SQLException e) {
        return "SQLState " + e.getSQLState() + ", code " + e.getErrorCode();
    }

    private synchronized void add(int session, Step.Kind kind, String sql, String text, String error) {
        steps.add(new Step(session, kind, sql, text, error, (System.nanoTime() - t0) / 1_000_000));
    }

    void sent(int session, String sql) {
        add(session, Step.Kind.SENT, sql, null, null);
    }

    void returned(int session, String sql, String result) {
        add(session, Step.Kind.RETURNED, sql, result, null);
    }

    void failed(int session, String sql, SQLException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().replace('\n', ' ');
        add(session, Step.Kind.FAILED, sql, msg, code(e));
    }

    /** A failure as the statement gate read it off the wire. */
    void failed(int session, String sql, String message, String code) {
        add(session, Step.Kind.FAILED, sql, message.replace('\n', ' '), code);
    }

    void event(int session, String text) {
        add(session, Step.Kind.EVENT, null, text, null);
    }

    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }
}
