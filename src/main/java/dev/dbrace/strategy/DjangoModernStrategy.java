package dev.dbrace.strategy;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.OptionalLong;

/**
 * {@code django-modern} — today's Django {@code update_or_create(defaults={"state": …})}:
 * {@code select_for_update().get_or_create(…)} inside {@code transaction.atomic()}, then save.
 *
 * <pre>
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ? FOR UPDATE     -- select_for_update().get()
 *   found  → UPDATE myobj SET state = ? WHERE id = ?, COMMIT               (found)
 * SAVEPOINT s; INSERT …                                                    -- create() in atomic()
 *   ok     → RELEASE SAVEPOINT s, COMMIT                                   (created)
 *   duplicate key:
 * ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s
 * SELECT id … FOR UPDATE                                                   -- get_or_create's re-get
 *   empty  → IntegrityError re-raised                                      (integrity_error)
 * UPDATE myobj SET state = ? WHERE id = ?; COMMIT                         (found)
 * </pre>
 *
 * <p>On InnoDB the locking reads see the latest committed row, so the re-get finds it; but at
 * REPEATABLE READ a locking read of an absent key takes a gap lock, two callers can both hold it,
 * and their INSERTs then wait on each other's gap lock: a deadlock, which Django does not retry.
 * On PostgreSQL the locking read is bounded by the snapshot, so at REPEATABLE READ the re-get finds
 * nothing and the IntegrityError escapes.
 */
public final class DjangoModernStrategy implements Strategy {

    @Override
    public boolean readsFirst() {
        return true;
    }

    @Override
    public String name() {
        return "django-modern";
    }

    @Override
    public String summary() {
        return "today's Django update_or_create: SELECT … FOR UPDATE, SAVEPOINT + INSERT, locking re-get";
    }

    @Override
    public CallResult call(Session s, Key key, boolean state) throws SQLException {
        s.begin(key);
        OptionalLong id = s.selectIdForUpdate(key);
        if (id.isEmpty()) {
            Savepoint sp = s.savepoint();
            try {
                long created = s.insert(key, state);
                s.release(sp);
                s.commit();
                return CallResult.created(created);
            } catch (SQLException e) {
                if (!s.isDuplicateKey(e)) {
                    throw e;
                }
                s.rollbackToAndRelease(sp);
                id = s.selectIdForUpdate(key);
                if (id.isEmpty()) {
                    throw e;            // get_or_create re-raises the IntegrityError
                }
            }
        }
        return s.saveAndCommit(CallResult.found(id.getAsLong()), state);
    }
}
