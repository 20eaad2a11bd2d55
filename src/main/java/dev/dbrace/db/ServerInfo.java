package dev.dbrace.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Product and version as the server reports them. Connector/J calls MariaDB "MySQL" in its
 * metadata, so the family is decided from {@code SELECT VERSION()}, which MariaDB suffixes with
 * {@code -MariaDB}.
 */
public record ServerInfo(Family family, String product, String version, int major, int minor) {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)");

    public static ServerInfo read(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        String version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            version = rs.getString(1);
        }
        Family family;
        if (product.toLowerCase().contains("postgres")) {
            family = Family.POSTGRESQL;
            product = "PostgreSQL";
            version = c.getMetaData().getDatabaseProductVersion();
        } else if (version.contains("MariaDB")) {
            family = Family.MARIADB;
            product = "MariaDB";
        } else {
            family = Family.MYSQL;
            product = "MySQL";
        }
        Matcher m = NUMBERS.matcher(version);
        int major = 0;
        int minor = 0;
        if (m.find()) {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
        }
        return new ServerInfo(family, product, version, major, minor);
    }

    /** True when this server is at least {@code major.minor}. */
    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    @Override
    public String toString() {
        return product + " " + version;
    }
}
