package dev.dbrace.strategy;

import dev.dbrace.db.Capability;
import dev.dbrace.db.Upsert;
import java.sql.SQLException;
import java.util.Set;

/**
 * {@code upsert} — one native statement creates or updates the row and tells its id, then COMMIT:
 * two round trips.
 *
 * <p>MariaDB, and MySQL before 8.0.19 (8.0.19 and later use a row alias instead of {@code VALUES()}):
 * <pre>
 * INSERT INTO myobj (thing_id, owner_id, state) VALUES (?, ?, ?)
 *   ON DUPLICATE KEY UPDATE state = VALUES(state), id = LAST_INSERT_ID(id)
 * COMMIT
 * </pre>
 * {@code id = LAST_INSERT_ID(id)} puts the existing row's id into the statement's OK packet, inserted,
 * updated or unchanged alike, and the dialect reads it from the driver ({@link
 * dev.dbrace.db.Dialect#lastInsertId}) without a round trip. (Connector/J's generated keys would
 * miss the unchanged row, which {@code useAffectedRows} counts as 0 rows.) Only a driver that cannot
 * tell costs a {@code SELECT LAST_INSERT_ID()}. The update count tells created (1) from found (2 when
 * the state changed, 0 when it did not); without {@code useAffectedRows} Connector/J would count
 * "found rows", and an unchanged existing row would count 1, like an insert.
 *
 * <p>PostgreSQL:
 * <pre>
 * INSERT INTO myobj (thing_id, owner_id, state) VALUES (?, ?, ?)
 *   ON CONFLICT (thing_id, owner_id) DO UPDATE SET state = EXCLUDED.state
 *   RETURNING id, (xmax = 0) AS inserted
 * COMMIT
 * </pre>
 *
 * <p>Why it holds: the server checks uniqueness and takes the row lock in one statement, so there
 * is no window between "absent" and "insert", and the update path reads the latest committed row
 * whatever the isolation level (PostgreSQL at REPEATABLE READ or SERIALIZABLE may instead raise a
 * serialization failure). The cost: InnoDB burns an auto-increment value on every call that finds
 * the row, and the statement takes a next-key lock on the unique index.
 */
public final class UpsertStrategy implements Strategy {

    @Override
    public String name() {
        return "upsert";
    }

    @Override
    public String summary() {
        return "one native statement: INSERT … ON DUPLICATE KEY UPDATE / ON CONFLICT DO UPDATE";
    }

    @Override
    public Set<Capability> needs() {
        return Set.of(Capability.UPSERT);
    }

    @Override
    public CallResult call(Session s, Key key, boolean state) throws SQLException {
        s.begin(key);
        Upsert upsert = s.upsert();
        CallResult got = switch (upsert.shape()) {
            case RETURNING_ID_AND_INSERTED -> s.query(upsert.sql(), Session.keyAndState(key, state), rs -> {
                rs.next();
                long id = rs.getLong(1);
                return rs.getBoolean(2) ? CallResult.created(id) : CallResult.found(id);
            });
            case AFFECTED_ROWS_AND_LAST_INSERT_ID -> lastInsertId(s, upsert, key, state);
        };
        s.commit();
        return got;
    }

    private static CallResult lastInsertId(Session s, Upsert upsert, Key key, boolean state) throws SQLException {
        int count = s.executeReadingLastInsertId(upsert.sql(), Session.keyAndState(key, state));
        long id = s.lastInsertId();
        if (id == 0) {
            id = s.query("SELECT LAST_INSERT_ID()", ps -> { }, rs -> rs.next() ? rs.getLong(1) : 0L);
        }
        if (id == 0) {
            throw new IllegalStateException("upsert returned no id (update count " + count + ")");
        }
        return count == 1 ? CallResult.created(id) : CallResult.found(id);
    }
}
