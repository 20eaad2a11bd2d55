package dev.dbrace.strategy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The statements one call of a {@link Session} sent, and what each answered, kept so that a creator's own
 * statements can be shown when verification finds its row missing. Recording stores three references per
 * statement in arrays the session owns; nothing is rendered until {@link #snapshot()} is asked for.
 */
public final class CallTrace {

    /** Statements kept per call; a retrying strategy's later ones are counted, not kept. */
    static final int CAPACITY = 32;

    private final String[] sql = new String[CAPACITY];
    private final Object[] answers = new Object[CAPACITY];
    @SuppressWarnings("unchecked")
    private final Function<Object, String>[] describers = new Function[CAPACITY];
    private int size;
    private int beyond;

    /** Forgets the last call's statements; called as each call starts. */
    public void clear() {
        size = 0;
        beyond = 0;
    }

    @SuppressWarnings("unchecked")
    <T> void answered(String statement, T result, Function<T, String> describe) {
        if (size == CAPACITY) {
            beyond++;
            return;
        }
        sql[size] = statement;
        answers[size] = result;
        describers[size++] = (Function<Object, String>) describe;
    }

    void failed(String statement, SQLException e) {
        answered(statement, e, null);
    }

    /** This call's statements so far, rendered: the SQL and its answer ({@code ERROR code/SQLState: message}). */
    public List<TracedStatement> snapshot() {
        List<TracedStatement> out = new ArrayList<>(size + 1);
        for (int i = 0; i < size; i++) {
            if (answers[i] instanceof SQLException e) {
                out.add(new TracedStatement(sql[i], "ERROR " + e.getErrorCode() + "/" + e.getSQLState() + ": "
                        + e.getMessage(), true));
            } else {
                out.add(new TracedStatement(sql[i], describers[i].apply(answers[i]), false));
            }
        }
        if (beyond > 0) {
            out.add(new TracedStatement("…", beyond + " more statements, not kept", false));
        }
        return out;
    }

    /** An UPDATE's answer in a trace: the rows it matched. */
    public static String matched(int rows) {
        return rows + (rows == 1 ? " row" : " rows") + " matched";
    }

    /** One statement of a call and its answer as the driver gave it. */
    public record TracedStatement(String sql, String answer, boolean failed) {

        /** An UPDATE that matched no row. */
        public boolean matchedNothing() {
            return !failed && answer.equals(matched(0));
        }

        @Override
        public String toString() {
            return sql + " → " + answer;
        }
    }
}
