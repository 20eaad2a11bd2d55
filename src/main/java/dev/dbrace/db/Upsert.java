package dev.dbrace.db;

/**
 * A dialect's native upsert of {@code (thing_id, owner_id, state)}, bound in that order, and how its
 * answer tells the row's id and whether this statement created it.
 *
 * @param sql   the statement
 * @param shape how to read its result
 */
public record Upsert(String sql, Shape shape) {

    /** How an upsert reports the row. */
    public enum Shape {
        /**
         * {@code … RETURNING id, <inserted>}: one row whose first column is the id and second is true
         * when the statement inserted it.
         */
        RETURNING_ID_AND_INSERTED,
        /**
         * MySQL's {@code ON DUPLICATE KEY UPDATE …, id = LAST_INSERT_ID(id)}: the update count is 1 for an
         * insert (2 for an update, 0 for an unchanged row under {@code useAffectedRows}), and the
         * statement's OK packet carries the row's id ({@link Dialect#lastInsertId}); a driver that cannot
         * tell costs a {@code SELECT LAST_INSERT_ID()}.
         */
        AFFECTED_ROWS_AND_LAST_INSERT_ID
    }
}
