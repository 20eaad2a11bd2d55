package dev.dbrace.outcome;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The first few error messages seen for each failing outcome, for the report; bounded. */
public final class Samples {

    private static final int PER_OUTCOME = 3;
    /** Where a sample's statements begin, when the gate recorded them: after this, separated by {@link #BETWEEN}. */
    public static final String STATEMENTS = "; the call's statements: ";
    /** Between two of a sample's statements. */
    public static final String BETWEEN = " | ";

    private final Map<Outcome, List<String>> byOutcome = new ConcurrentHashMap<>();

    public void add(Outcome outcome, Throwable t) {
        add(outcome, () -> text(t));
    }

    /**
     * Keeps the text {@code sample} makes, if fewer than three samples of {@code outcome} are kept; the
     * text is built only then, so a racing thread pays nothing for its thousandth failure.
     */
    public void add(Outcome outcome, java.util.function.Supplier<String> sample) {
        if (!full(outcome)) {
            add(outcome, sample.get());
        }
    }

    /** "SQLState 40001, code 1213: Deadlock found …", or the exception's simple name and message. */
    public static String text(Throwable t) {
        return t instanceof SQLException e
                ? "SQLState " + e.getSQLState() + ", code " + e.getErrorCode() + ": " + e.getMessage()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private boolean full(Outcome outcome) {
        List<String> list = byOutcome.get(outcome);
        return list != null && list.size() >= PER_OUTCOME;
    }

    /** Keeps {@code text}, as the caller saw it, if fewer than three samples of {@code outcome} are kept. */
    public void add(Outcome outcome, String text) {
        List<String> list = byOutcome.computeIfAbsent(outcome, o -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            if (list.size() < PER_OUTCOME) {
                list.add(text);
            }
        }
    }

    public Map<Outcome, List<String>> asMap() {
        Map<Outcome, List<String>> copy = new EnumMap<>(Outcome.class);
        byOutcome.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return copy;
    }
}
