package dev.dbrace.strategy;

import java.sql.SQLException;

/**
 * {@code commit-then-get} — the seed's accepted answer: create first; on a duplicate key, commit
 * and read again in a new transaction.
 *
 * <pre>
 * INSERT INTO myobj (thing_id, owner_id, state) VALUES (?, ?, ?)   -- create(); no read before it
 *   ok     → UPDATE myobj SET state = ? WHERE id = ?, COMMIT         (created)
 *   1062 / 23505 duplicate key:
 * COMMIT                                                            -- transaction.commit(): ends the snapshot
 * SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ?          -- get(), new transaction, new snapshot
 *   empty  → DoesNotExist                                           (does_not_exist)
 * UPDATE myobj SET state = ? WHERE id = ?
 * COMMIT                                                            (found)
 * </pre>
 *
 * <p>Why it holds: the duplicate key proves the row is committed (an uncommitted one makes the
 * INSERT wait instead), and the COMMIT throws away whatever snapshot the transaction had, so the
 * next SELECT starts a new one that includes the row. The cost: every losing caller commits in
 * the middle of its own transaction — anything it wrote before is made durable early — and each
 * loser burns an auto-increment value on InnoDB. On PostgreSQL the failed INSERT has aborted the
 * transaction, so the COMMIT is in effect a ROLLBACK; the re-read still starts fresh.
 */
public final class CommitThenGetStrategy implements Strategy {

    @Override
    public String name() {
        return "commit-then-get";
    }

    @Override
    public String summary() {
        return "the seed's accepted answer: INSERT first; on duplicate key COMMIT, then SELECT afresh";
    }

    @Override
    public CallResult call(Session s, Key key, boolean state) throws SQLException, DoesNotExistException {
        CallResult got;
        s.begin(key);
        try {
            got = CallResult.created(s.insert(key, state));
        } catch (SQLException e) {
            if (!s.isDuplicateKey(e)) {
                throw e;
            }
            s.commit();
            got = s.foundOrDoesNotExist(s.selectId(key), key);
        }
        return s.saveAndCommit(got, state);
    }
}
