package dev.dbrace.inproc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one driver quirk the team's ORM sees through dbrace's DataSource: MySQL Connector/J, which serves MariaDB here,
 * names a MariaDB server "MySQL" with the version "5.5.5-10.11.19-MariaDB" (MariaDB's handshake prefix for old
 * clients), so Hibernate picks its MySQL dialect for MySQL 5.5 and warns that it is unsupported. On a MariaDB server
 * the metadata says what the server is: product "MariaDB", and its own version (10.11.19, major 10, minor 11), which
 * Hibernate resolves to its MariaDB dialect. Everything else is the driver's.
 */
final class ServerMetaData {

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    private ServerMetaData() {
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
