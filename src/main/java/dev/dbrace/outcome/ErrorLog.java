package dev.dbrace.outcome;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database errors one caller met, by kind and by the step that raised them ({@code SELECT},
 * {@code INSERT}, {@code COMMIT}, …; {@link #UNKNOWN_STEP} when the caller could not tell). Written by
 * one thread; merged with {@link #addAll} once the threads have stopped.
 */
public final class ErrorLog {

    /** The step of an error whose statement the caller could not see (a worker that does not say). */
    public static final String UNKNOWN_STEP = "unknown";
    /** The step of a failed attempt to connect. */
    public static final String CONNECT_STEP = "CONNECT";

    private final Tally<DbError> kinds = new Tally<>(DbError.class);
    private final Map<String, Tally<DbError>> bySteps = new LinkedHashMap<>();

    public void add(DbError kind, String step) {
        kinds.add(kind);
        bySteps.computeIfAbsent(step, s -> new Tally<>(DbError.class)).add(kind);
    }

    /** Adds {@code n} errors of one kind at one step (a report read back). */
    public void add(DbError kind, String step, long n) {
        kinds.add(kind, n);
        bySteps.computeIfAbsent(step, s -> new Tally<>(DbError.class)).add(kind, n);
    }

    /** Every error by kind, whatever the step. */
    public Tally<DbError> kinds() {
        return kinds;
    }

    /** The errors of each step, in the order the steps first failed. */
    public Map<String, Tally<DbError>> bySteps() {
        return bySteps;
    }

    /** How many errors of {@code kind} were raised at {@code step}. */
    public long at(String step, DbError kind) {
        Tally<DbError> t = bySteps.get(step);
        return t == null ? 0 : t.get(kind);
    }

    public void addAll(ErrorLog other) {
        kinds.addAll(other.kinds);
        other.bySteps.forEach((step, t) -> bySteps.computeIfAbsent(step, s -> new Tally<>(DbError.class)).addAll(t));
    }
}
