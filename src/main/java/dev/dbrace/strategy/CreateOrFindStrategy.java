package dev.dbrace.strategy;

import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * {@code create-or-find} — Rails' {@code create_or_find_by}: insert first inside a savepoint; on a
 * unique violation roll back to the savepoint and find the row in the same transaction.
 *
 * <pre>
 * SAVEPOINT s                                                -- transaction(requires_new: true)
 * INSERT INTO myobj (thing_id, owner_id, state) VALUES (?, ?, ?)
 *   ok     → RELEASE SAVEPOINT s, UPDATE, COMMIT             (created)
 *   duplicate key:
 * ROLLBACK TO SAVEPOINT s
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ?   -- find_by!
 *   empty  → RecordNotFound                                  (does_not_exist)
 * UPDATE myobj SET state = ? WHERE id = ?; COMMIT            (found)
 * </pre>
 *
 * <p>On InnoDB it holds when nothing was read earlier in the transaction: an INSERT does not open a
 * read view, so the SELECT after the duplicate key opens one that includes the committed row. With
 * {@code --prior-read} the view is already fixed and the row is invisible again. On PostgreSQL at
 * REPEATABLE READ the snapshot is taken by the first statement — the INSERT itself — so a row
 * committed while the INSERT waited for it stays invisible.
 */
public final class CreateOrFindStrategy implements Strategy {

    @Override
    public String name() {
        return "create-or-find";
    }

    @Override
    public String summary() {
        return "Rails create_or_find_by: SAVEPOINT + INSERT first; on duplicate ROLLBACK TO SAVEPOINT, SELECT";
    }

    @Override
    public CallResult call(Session s, Key key, boolean state) throws SQLException, DoesNotExistException {
        s.begin(key);
        OptionalLong created = s.insertInSavepoint(key, state, false);      // Rails does not release it
        CallResult got = created.isPresent() ? CallResult.created(created.getAsLong())
                : s.foundOrDoesNotExist(s.selectId(key), key);
        return s.saveAndCommit(got, state);
    }
}
