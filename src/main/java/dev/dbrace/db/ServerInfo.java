package dev.dbrace.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server says about itself: its own {@code version()} text, which names the product
 * ({@code 10.11.6-MariaDB}, {@code PostgreSQL 15.8 on x86_64…}, {@code CockroachDB CCL v23.1…}), and
 * what the JDBC driver reports. The driver's product name is not trusted to identify the server:
 * Connector/J calls MariaDB "MySQL", and pgjdbc calls every server it reaches "PostgreSQL". The
 * {@link DialectProvider}s decide from the version text.
 *
 * @param driverProduct  {@code DatabaseMetaData.getDatabaseProductName()}
 * @param driverVersion  {@code DatabaseMetaData.getDatabaseProductVersion()}
 * @param versionText    the server's answer to {@code SELECT version()}
 */
public record ServerInfo(String driverProduct, String driverVersion, String versionText, int major, int minor, int patch) {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    public static ServerInfo read(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String text;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            text = rs.getString(1);
        }
        if (!c.getAutoCommit()) {
            c.rollback();
        }
        return of(md.getDatabaseProductName(), md.getDatabaseProductVersion(), text);
    }

    /** Parses the first {@code major.minor[.patch]} in {@code versionText}. */
    public static ServerInfo of(String driverProduct, String driverVersion, String versionText) {
        Matcher m = NUMBERS.matcher(versionText);
        int major = 0;
        int minor = 0;
        int patch = 0;
        if (m.find()) {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
            patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        }
        return new ServerInfo(driverProduct, driverVersion, versionText, major, minor, patch);
    }

    /** True when this server is at least {@code major.minor.patch}. */
    public boolean atLeast(int wantMajor, int wantMinor, int wantPatch) {
        if (major != wantMajor) {
            return major > wantMajor;
        }
        if (minor != wantMinor) {
            return minor > wantMinor;
        }
        return patch >= wantPatch;
    }

    /** True when this server is at least {@code major.minor}. */
    public boolean atLeast(int wantMajor, int wantMinor) {
        return atLeast(wantMajor, wantMinor, 0);
    }

    /** True when the server's own version text contains {@code word}, ignoring case. */
    public boolean says(String word) {
        return versionText.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return versionText;
    }
}
