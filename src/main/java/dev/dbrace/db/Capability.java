package dev.dbrace.db;

/**
 * SQL a strategy may need beyond plain SELECT, INSERT, UPDATE, savepoints and {@code FOR UPDATE}.
 * Strategies name what they need; a dialect says what its server can express, and a strategy whose
 * needs are not met is skipped with a reason, never faked.
 */
public enum Capability {
    /** One statement that inserts the row or updates the existing one: {@link Dialect#upsert}. */
    UPSERT,
    /** An INSERT that does nothing when the key exists: {@link Dialect#insertIgnoringDuplicate}. */
    INSERT_IGNORING_DUPLICATE
}
