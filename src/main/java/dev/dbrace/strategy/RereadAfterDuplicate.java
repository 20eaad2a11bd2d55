package dev.dbrace.strategy;

import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * The {@link NaiveStrategy} sequence with one re-read after the duplicate key, chosen by the
 * subclass: read (plain), insert in a savepoint, and on the duplicate key ask once more; then save
 * and commit.
 *
 * <pre>
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ?      -- plain read
 *   found  → UPDATE, COMMIT                                      (found)
 * SAVEPOINT s; INSERT …
 *   ok     → RELEASE SAVEPOINT s, UPDATE, COMMIT                 (created)
 *   duplicate key:
 * ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s
 * (the re-read)
 *   empty  → DoesNotExist
 * UPDATE myobj SET state = ? WHERE id = ?; COMMIT               (found)
 * </pre>
 */
abstract class RereadAfterDuplicate implements Strategy {

    @Override
    public final boolean readsFirst() {
        return true;
    }

    /** The re-read after the duplicate key: the row's id, or empty. */
    abstract OptionalLong reread(Session s, Key key, boolean state) throws SQLException;

    @Override
    public final CallResult call(Session s, Key key, boolean state) throws SQLException, DoesNotExistException {
        s.begin(key);
        CallResult got;
        OptionalLong id = s.selectId(key);
        if (id.isPresent()) {
            got = CallResult.found(id.getAsLong());
        } else {
            OptionalLong created = s.insertInSavepoint(key, state, true);
            got = created.isPresent() ? CallResult.created(created.getAsLong())
                    : s.foundOrDoesNotExist(reread(s, key, state), key);
        }
        return s.saveAndCommit(got, state);
    }
}
