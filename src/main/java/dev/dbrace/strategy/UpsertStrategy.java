package dev.dbrace.strategy;

import dev.dbrace.db.Family;
import java.sql.SQLException;

/**
 * {@code upsert} — one native statement creates or updates the row, then the row's id is read.
 *
 * <p>MariaDB, and MySQL before 8.0.19:
 * <pre>
 * INSERT INTO myobj (thing_id, owner_id, state) VALUES (?, ?, ?)
 *   ON DUPLICATE KEY UPDATE state = VALUES(state), id = LAST_INSERT_ID(id)
 * SELECT LAST_INSERT_ID()
 * COMMIT
 * </pre>
 * MySQL 8.0.19 and later (where {@code VALUES()} in this clause is deprecated) use a row alias:
 * {@code VALUES (?, ?, ?) AS new ON DUPLICATE KEY UPDATE state = new.state, id = LAST_INSERT_ID(myobj.id)}.
 * The update count tells created (1) from found (2 when the state changed, 0 when it did not);
 * dbrace connects with {@code useAffectedRows=true}, without which Connector/J reports "found
 * rows" and an unchanged existing row would count 1, like an insert.
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
    public CallResult call(Session s, Key key, boolean state) throws SQLException {
        s.begin(key);
        CallResult got = s.family() == Family.POSTGRESQL ? postgres(s, key, state) : mysql(s, key, state);
        s.commit();
        return got;
    }

    private CallResult mysql(Session s, Key key, boolean state) throws SQLException {
        String sql = s.memo(this, () -> mysqlSql(s));
        int count = s.execute(sql, Session.keyAndState(key, state));
        long id = s.query("SELECT LAST_INSERT_ID()", ps -> { }, rs -> rs.next() ? rs.getLong(1) : 0L);
        if (id == 0) {
            throw new IllegalStateException("upsert returned no id (update count " + count + ")");
        }
        return count == 1 ? CallResult.created(id) : CallResult.found(id);
    }

    static String mysqlSql(Session s) {
        String t = s.table();
        boolean rowAlias = s.family() == Family.MYSQL && s.server().atLeast(8, 0)
                && !(s.server().major() == 8 && s.server().minor() == 0 && patch(s) < 19);
        return rowAlias
                ? "INSERT INTO " + t + " (thing_id, owner_id, state) VALUES (?, ?, ?) AS new "
                        + "ON DUPLICATE KEY UPDATE state = new.state, id = LAST_INSERT_ID(" + t + ".id)"
                : "INSERT INTO " + t + " (thing_id, owner_id, state) VALUES (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE state = VALUES(state), id = LAST_INSERT_ID(id)";
    }

    private static int patch(Session s) {
        String[] parts = s.server().version().split("[^0-9]+");
        return parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
    }

    private static CallResult postgres(Session s, Key key, boolean state) throws SQLException {
        String sql = "INSERT INTO " + s.table() + " (thing_id, owner_id, state) VALUES (?, ?, ?) "
                + "ON CONFLICT (thing_id, owner_id) DO UPDATE SET state = EXCLUDED.state "
                + "RETURNING id, (xmax = 0) AS inserted";
        return s.query(sql, Session.keyAndState(key, state), rs -> {
            rs.next();
            long id = rs.getLong(1);
            return rs.getBoolean(2) ? CallResult.created(id) : CallResult.found(id);
        });
    }
}
