package dev.dbrace.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A MySQL-family server's {@code SHOW GLOBAL STATUS}: replication, Galera and semi-sync state. */
public final class GlobalStatus {

    private GlobalStatus() {
    }

    /**
     * The status variable's value, or null when the server has none of that name. Sent as text: a server
     * cannot prepare {@code SHOW … LIKE ?}, and dbrace's connections do not let the driver fall back to a
     * client-side statement (see {@code InnodbDialect.driverProperties}).
     */
    public static String read(Connection c, String name) throws SQLException {
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("not a status variable's name: " + name);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : null;
        }
    }
}
