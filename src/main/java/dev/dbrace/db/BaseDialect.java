package dev.dbrace.db;

import dev.dbrace.outcome.ErrorClassifier;
import dev.dbrace.outcome.ErrorCodes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What every dialect shares: the server it was chosen for, its classifier, and small queries. */
abstract class BaseDialect implements Dialect {

    protected final ServerInfo server;
    private final ErrorClassifier classifier;

    BaseDialect(ServerInfo server, ErrorCodes codes) {
        this.server = server;
        this.classifier = new ErrorClassifier(codes);
    }

    @Override
    public ServerInfo server() {
        return server;
    }

    @Override
    public ErrorClassifier classifier() {
        return classifier;
    }

    @Override
    public String toString() {
        return product() + " " + version();
    }

    /** The first column of the first row of {@code sql}, bound to one string parameter; null when no row. */
    static String one(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The first column of {@code sql}'s first row. */
    static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long number(Connection c, String sql) throws SQLException {
        return Long.parseLong(one(c, sql).trim());
    }

    /** {@code 1}, {@code t}, {@code true} and {@code on} are true. */
    static boolean bool(Connection c, String sql) throws SQLException {
        String v = String.valueOf(one(c, sql));
        return v.equals("1") || v.equalsIgnoreCase("t") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on");
    }
}
