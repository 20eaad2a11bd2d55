package dev.dbrace.inproc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one driver quirk the team's ORM sees through dbrace's DataSource: MySQL Connector/J, which serves MariaDB here,
 * names a MariaDB server "MySQL" with the version "5.5.5-10.11.19-MariaDB" (MariaDB's handshake prefix for old
 * clients), so Hibernate picks its MySQL dialect for MySQL 5.5 and warns that it is unsupported. On a MariaDB server
 * the metadata says what the server is: product "MariaDB", and its own version (10.11.19, major 10, minor 11), which
 * Hibernate resolves to its MariaDB dialect. MariaDB 11 and later send no such prefix, and Connector/J takes them for
 * MySQL 8: its {@code getSQLKeywords} asks {@code INFORMATION_SCHEMA.KEYWORDS} for MySQL's {@code RESERVED} column,
 * which MariaDB's table lacks, and Hibernate cannot start ("Unknown column 'RESERVED'"); here the keywords are read
 * from MariaDB's own table. Everything else is the driver's.
 */
final class ServerMetaData {

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    private ServerMetaData() {
    }

    /** The driver's keywords; where it asks MySQL 8's columns of a MariaDB server, MariaDB's reserved words. */
    private static String keywords(DatabaseMetaData real) throws SQLException {
        try {
            return real.getSQLKeywords();
        } catch (SQLSyntaxErrorException mysqlColumns) {
            List<String> words = new ArrayList<>();
            try (Statement s = real.getConnection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT WORD FROM INFORMATION_SCHEMA.KEYWORDS ORDER BY WORD")) {
                while (rs.next()) {
                    words.add(rs.getString(1));
                }
            }
            return String.join(",", words);
        }
    }

    /** {@code real}, or on MariaDB ({@code product} "MariaDB") the same with the server's name and version. */
    static DatabaseMetaData of(DatabaseMetaData real, String product, String version) {
        if (!"MariaDB".equals(product)) {
            return real;
        }
        String plain = version.replaceFirst("^5\\.5\\.5-", "");
        Matcher m = VERSION.matcher(plain);
        int major = m.find() ? Integer.parseInt(m.group(1)) : 0;
        int minor = major > 0 ? Integer.parseInt(m.group(2)) : 0;
        return (DatabaseMetaData) Proxy.newProxyInstance(ServerMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseProductName" -> "MariaDB";
                    case "getDatabaseProductVersion" -> plain;
                    case "getDatabaseMajorVersion" -> major;
                    case "getDatabaseMinorVersion" -> minor;
                    case "getSQLKeywords" -> keywords(real);
                    default -> {
                        try {
                            yield method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}
