package dev.dbrace.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A MySQL-family server's {@code SHOW GLOBAL STATUS}: replication, Galera and semi-sync state. */
public final class GlobalStatus {

    private GlobalStatus() {
    }

    /** The status variable's value, or null when the server has none of that name. */
    public static String read(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL STATUS LIKE ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(2) : null;
            }
        }
    }
}
