package dev.dbrace.junit;

import dev.dbrace.api.Call;
import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.Seen;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;

/** Plain JDBC get-or-creates on the connection dbrace hands over (MySQL family), as a team's repository might write them. */
final class JdbcGetOrCreate {

    private JdbcGetOrCreate() {
    }

    private static Long select(Connection c, Call call) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + call.table() + " WHERE thing_id = ? AND owner_id = ?")) {
            ps.setLong(1, call.thingId());
            ps.setLong(2, call.ownerId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The seed: select, insert, and on the duplicate key select again, all in one transaction. */
    static final GetOrCreate SEED = call -> {
        Connection c = call.connection();
        Long id = select(c, call);
        if (id != null) {
            return Seen.found(id);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + call.table()
                + " (thing_id, owner_id, state) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, call.thingId());
            ps.setLong(2, call.ownerId());
            ps.setBoolean(3, call.state());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return Seen.created(keys.getLong(1));
            }
        } catch (SQLIntegrityConstraintViolationException duplicate) {
            id = select(c, call);
            return id == null ? Seen.doesNotExist() : Seen.found(id);
        }
    };

    /**
     * INSERT IGNORE, then the row: safe at any level, since the INSERT takes no snapshot and waits for
     * a competitor's uncommitted row. (An ON DUPLICATE KEY UPDATE cannot tell created from found by its
     * row count under Connector/J's defaults: an unchanged row counts 1, like an insert. dbrace's
     * verification caught exactly that here: "2 callers were told they created the row".)
     */
    static final GetOrCreate INSERT_IGNORE = call -> {
        Connection c = call.connection();
        int inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO " + call.table()
                + " (thing_id, owner_id, state) VALUES (?, ?, ?)")) {
            ps.setLong(1, call.thingId());
            ps.setLong(2, call.ownerId());
            ps.setBoolean(3, call.state());
            inserted = ps.executeUpdate();
        }
        Long id = select(c, call);
        if (id == null) {
            return Seen.doesNotExist();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + call.table() + " SET state = ? WHERE id = ?")) {
            ps.setBoolean(1, call.state());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        return Seen.of(inserted == 1, id);
    };
}
