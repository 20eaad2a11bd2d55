package dev.dbrace.strategy;

import dev.dbrace.db.Capability;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code insert-ignore-select} — insert unless present, then read the row.
 *
 * <pre>
 * INSERT IGNORE INTO myobj (thing_id, owner_id, state) VALUES (?, ?, ?)                    -- MySQL / MariaDB
 * INSERT INTO myobj … VALUES (?, ?, ?) ON CONFLICT (thing_id, owner_id) DO NOTHING         -- PostgreSQL
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ?
 *   empty  → DoesNotExist                                   (does_not_exist)
 * UPDATE myobj SET state = ? WHERE id = ?; COMMIT           (created if the INSERT counted 1 row, else found)
 * </pre>
 *
 * <p>No error is raised for the duplicate, so no savepoint is needed. Visibility is as for
 * {@link CreateOrFindStrategy}: on InnoDB the SELECT opens the read view after the row was committed
 * (unless something was read before — {@code --prior-read}); on PostgreSQL at REPEATABLE READ the
 * INSERT's snapshot does not include a row committed while it waited. The cost on MySQL: INSERT
 * IGNORE turns other errors (a missing foreign key, a bad value) into warnings too.
 */
public final class InsertIgnoreSelectStrategy implements Strategy {

    @Override
    public Set<Capability> needs() {
        return Set.of(Capability.INSERT_IGNORING_DUPLICATE);
    }

    @Override
    public String name() {
        return "insert-ignore-select";
    }

    @Override
    public String summary() {
        return "INSERT IGNORE / ON CONFLICT DO NOTHING, then SELECT the row";
    }

    @Override
    public CallResult call(Session s, Key key, boolean state) throws SQLException, DoesNotExistException {
        s.begin(key);
        int inserted = s.insertIgnoringDuplicate(key, state);
        long id = s.foundOrDoesNotExist(s.selectId(key), key).id();
        return s.saveAndCommit(inserted == 1 ? CallResult.created(id) : CallResult.found(id), state);
    }
}
