package dev.dbrace.strategy;

import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * {@code naive} — the question's code: Django's {@code get_or_create} inside the caller's
 * {@code except IntegrityError: get()}, all in one transaction at the server's default isolation.
 *
 * <pre>
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ?   -- get(); at REPEATABLE READ this read fixes the snapshot
 *   found  → UPDATE, COMMIT                                   (found)
 * SAVEPOINT s                                                 -- transaction.atomic() around create()
 * INSERT INTO myobj (thing_id, owner_id, state) VALUES (?, ?, ?)
 *   ok     → RELEASE SAVEPOINT s, UPDATE, COMMIT              (created)
 *   1062 / 23505 duplicate key:
 * ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s
 * SELECT id … (again)                                         -- get_or_create's own re-get
 *   empty  → IntegrityError re-raised, caught by the caller:
 * SELECT id … (again)                                         -- the caller's get()
 *   empty  → DoesNotExist                                     (does_not_exist)
 * UPDATE myobj SET state = ? WHERE id = ?                     -- myobj.save()
 * COMMIT
 * </pre>
 *
 * <p>Why it fails: at REPEATABLE READ (the InnoDB default, and PostgreSQL's REPEATABLE READ alike)
 * the first SELECT fixes the transaction's read view. Another transaction then commits the row;
 * our INSERT sees it — uniqueness is checked against the latest committed index entry, not the
 * snapshot — and fails with a duplicate key, but both re-reads are plain snapshot reads and still
 * see the table as it was before that commit. The row that blocked the insert is invisible.
 */
public class NaiveStrategy implements Strategy {

    @Override
    public boolean readsFirst() {
        return true;
    }

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public String summary() {
        return "the seed's code: get_or_create + except IntegrityError: get(), one transaction, default isolation";
    }

    @Override
    public CallResult call(Session s, Key key, boolean state) throws SQLException, DoesNotExistException {
        return s.saveAndCommit(getOrCreate(s, key, state), state);
    }

    /** Django's get_or_create plus the caller's {@code except IntegrityError: get()}; no commit. */
    static CallResult getOrCreate(Session s, Key key, boolean state) throws SQLException, DoesNotExistException {
        s.begin(key);
        OptionalLong id = s.selectId(key);
        if (id.isPresent()) {
            return CallResult.found(id.getAsLong());
        }
        OptionalLong created = s.insertInSavepoint(key, state, true);
        if (created.isPresent()) {
            return CallResult.created(created.getAsLong());
        }
        id = s.selectId(key);             // get_or_create's re-get
        if (id.isEmpty()) {
            id = s.selectId(key);         // the caller's except IntegrityError: get()
        }
        return s.foundOrDoesNotExist(id, key);
    }
}
