package dev.dbrace.outcome;

import java.util.Locale;

/** The step a statement is, as reports name it: its first word, with locking reads told apart. */
public final class Steps {

    private Steps() {
    }

    /**
     * {@code SELECT}, {@code SELECT … FOR UPDATE}, {@code SELECT … FOR SHARE}, {@code INSERT},
     * {@code UPDATE}, {@code COMMIT}, {@code SAVEPOINT}, …; {@link ErrorLog#UNKNOWN_STEP} for no text.
     */
    public static String of(String sql) {
        if (sql == null || sql.isBlank()) {
            return ErrorLog.UNKNOWN_STEP;
        }
        String upper = sql.strip().toUpperCase(Locale.ROOT);
        int space = upper.indexOf(' ');
        String first = space < 0 ? upper : upper.substring(0, space);
        if (first.equals("SELECT") && upper.contains("FOR UPDATE")) {
            return "SELECT … FOR UPDATE";
        }
        if (first.equals("SELECT") && (upper.contains("FOR SHARE") || upper.contains("LOCK IN SHARE MODE"))) {
            return "SELECT … FOR SHARE";
        }
        return first;
    }
}
