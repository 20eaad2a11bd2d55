package dev.dbrace.strategy;

import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * {@code update-by-key} — the {@link NaiveStrategy} sequence, but after the duplicate key it updates
 * the row by its key instead of re-reading it, then reads the id of the row it updated (see
 * {@link RereadAfterDuplicate}).
 *
 * <pre>
 * UPDATE myobj SET state = ? WHERE thing_id = ? AND owner_id = ?   -- 1 row: the row is there
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ?         -- sees its own change
 * </pre>
 *
 * <p>On InnoDB an UPDATE is a current read: it finds and updates the committed row at REPEATABLE
 * READ, and the transaction's own change is then visible to its snapshot — when there was a change: a
 * caller writing the state the row already has changes nothing, and its read still misses the row. With MariaDB's
 * {@code innodb_snapshot_isolation=ON} that UPDATE fails with ERROR 1020. On PostgreSQL at
 * REPEATABLE READ a row committed after the snapshot is not there for the UPDATE: 0 rows.
 */
public final class UpdateByKeyStrategy extends RereadAfterDuplicate {

    @Override
    public String name() {
        return "update-by-key";
    }

    @Override
    public String summary() {
        return "the naive sequence, but after the duplicate key an UPDATE by key instead of a re-read";
    }

    /**
     * The UPDATE's count is not the answer: dbrace's MySQL connections count changed rows
     * ({@code useAffectedRows}), and a row already holding this state is matched but not changed. So the
     * id is read after it, with a plain read — which at REPEATABLE READ sees the row only if this UPDATE
     * changed it: InnoDB makes no new version of a row set to the values it already has.
     */
    @Override
    OptionalLong reread(Session s, Key key, boolean state) throws SQLException {
        s.updateByKey(key, state);
        return s.selectId(key);
    }
}
