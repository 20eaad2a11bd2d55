package dev.dbrace.inproc;

import dev.dbrace.outcome.ErrorClassifier;
import dev.dbrace.outcome.Outcome;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * What the caller saw when the user's code threw: JPA's "no such row" exceptions are
 * does-not-exist; otherwise the first {@link SQLException} down the cause chain decides, as for
 * dbrace's own calls (a duplicate key that escapes is an integrity error); with none, the call ended
 * in an error of the code's own.
 */
final class Thrown {

    /** Exceptions a find throws for a row it did not find, by class name (no JPA dependency here). */
    private static final Set<String> NOT_FOUND = Set.of(
            "jakarta.persistence.NoResultException", "javax.persistence.NoResultException",
            "jakarta.persistence.EntityNotFoundException", "javax.persistence.EntityNotFoundException",
            "org.springframework.dao.EmptyResultDataAccessException");

    private Thrown() {
    }

    /** The first SQLException in {@code t}'s cause chain, or null. */
    static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    static Outcome classify(Throwable t, ErrorClassifier classifier) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<?> k = c.getClass(); k != null; k = k.getSuperclass()) {
                if (NOT_FOUND.contains(k.getName())) {
                    return Outcome.DOES_NOT_EXIST;
                }
            }
        }
        SQLException sql = sqlCause(t);
        if (sql != null) {
            return Outcome.of(classifier.classify(sql));
        }
        return ormTrap(t) ? Outcome.SESSION_UNUSABLE : Outcome.OTHER;
    }

    /**
     * True for an ORM's refusal to go on after a failed flush: Hibernate's "null identifier …
     * flushed after an exception" assertion, or a commit refused because the transaction was marked
     * rollback-only (with no SQL error behind it: that one decides first).
     */
    static boolean ormTrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String name = c.getClass().getName();
            String m = c.getMessage() == null ? "" : c.getMessage();
            if (name.equals("org.hibernate.AssertionFailure") && m.contains("null identifier")) {
                return true;
            }
            if ((name.endsWith(".RollbackException") || name.endsWith(".TransactionException")
                    || name.endsWith(".UnexpectedRollbackException")) && m.toLowerCase(Locale.ROOT).contains("rollback")
                    && m.toLowerCase(Locale.ROOT).contains("only")) {
                return true;
            }
        }
        return false;
    }

    /** "org.hibernate.exception.ConstraintViolationException: …; caused by SQLState 23000, code 1062: Duplicate entry …". */
    static String sample(Throwable t) {
        StringBuilder b = new StringBuilder(t.getClass().getName()).append(": ").append(oneLine(t.getMessage()));
        SQLException sql = sqlCause(t);
        if (sql != null && sql != t) {
            b.append("; caused by SQLState ").append(sql.getSQLState()).append(", code ").append(sql.getErrorCode())
                    .append(": ").append(oneLine(sql.getMessage()));
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
