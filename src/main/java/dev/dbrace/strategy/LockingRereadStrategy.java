package dev.dbrace.strategy;

import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * {@code locking-reread} — the {@link NaiveStrategy} sequence, but the re-read after the duplicate
 * key is a locking read.
 *
 * <pre>
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ?                 -- plain read
 *   found  → UPDATE, COMMIT                                                 (found)
 * SAVEPOINT s; INSERT …
 *   ok     → RELEASE SAVEPOINT s, UPDATE, COMMIT                            (created)
 *   duplicate key:
 * ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ? FOR UPDATE      -- locking read
 *   empty  → DoesNotExist
 * UPDATE myobj SET state = ? WHERE id = ?; COMMIT                          (found)
 * </pre>
 *
 * <p>On InnoDB a locking read is a "current read": it reads the latest committed version, not the
 * snapshot, so it finds the row at REPEATABLE READ. The cost: the losers already hold shared locks
 * on the unique-index entry from their failed INSERT's duplicate check, and each now asks for an
 * exclusive one — two losers can deadlock. PostgreSQL is different: a locking read still returns
 * only rows visible to the transaction's snapshot, so at REPEATABLE READ it finds nothing
 * (DoesNotExist) — the fix is InnoDB-specific.
 */
public final class LockingRereadStrategy extends RereadAfterDuplicate {

    @Override
    public String name() {
        return "locking-reread";
    }

    @Override
    public String summary() {
        return "the naive sequence, but the re-read after the duplicate key is SELECT … FOR UPDATE";
    }

    @Override
    OptionalLong reread(Session s, Key key, boolean state) throws SQLException {
        return s.selectIdForUpdate(key);
    }
}
