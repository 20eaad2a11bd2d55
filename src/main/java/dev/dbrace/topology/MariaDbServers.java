package dev.dbrace.topology;

import dev.dbrace.db.Target;
import dev.dbrace.db.TargetUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's MariaDB server binaries, and what a topology of them needs: an option file per server
 * (given as mariadbd's first argument, so that {@code /etc/mysql} and port 3306 stay out of it), one
 * installed data directory, servers started as their own processes, and targets that reach them.
 */
final class MariaDbServers {

    static final String DATABASE = "dbrace";
    static final String PACKAGES = "apt-get install mariadb-server";

    final Path mariadbd;
    final Path installDb;

    private MariaDbServers(Path mariadbd, Path installDb) {
        this.mariadbd = mariadbd;
        this.installDb = installDb;
    }

    /** @throws TargetUnavailableException when the binaries are not installed, saying which package to install */
    static MariaDbServers find(String topology, String packages) throws TargetUnavailableException {
        Path d = Commands.firstExecutable("/usr/sbin/mariadbd", "/usr/sbin/mysqld");
        Path i = Commands.firstExecutable("/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db");
        if (d == null || i == null) {
            throw new TargetUnavailableException("--db " + topology + " needs Debian's MariaDB server binaries "
                    + "(/usr/sbin/mariadbd, mariadb-install-db), which are not installed here; run: " + packages);
        }
        return new MariaDbServers(d, i);
    }

    /**
     * The options of one server: its data directory, port and log in the workspace's folder, its socket in
     * the workspace's socket folder, on 127.0.0.1, and the given extras ({@code server_id}, wsrep, binlog…).
     */
    static Map<String, String> options(Workspace ws, String name, int port, int maxConnections) throws IOException {
        Path dir = ws.dir();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("datadir", dir.resolve(name + "-data").toString());
        o.put("socket", ws.socketDir("replica-00.sock").resolve(name + ".sock").toString());
        o.put("pid-file", dir.resolve(name + ".pid").toString());
        o.put("port", String.valueOf(port));
        o.put("bind-address", "127.0.0.1");
        o.put("max_connections", String.valueOf(maxConnections));
        o.put("character-set-server", "utf8mb4");
        o.put("skip-name-resolve", "ON");
        if (Workspace.root()) {
            o.put("user", "root");
        }
        return o;
    }

    /** Writes {@code options} as an option file of one {@code [mariadbd]} group. */
    static Path writeOptions(Path dir, String name, Map<String, String> options) throws IOException {
        StringBuilder b = new StringBuilder("[mariadbd]\n");
        options.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve(name + ".cnf");
        Files.writeString(file, b.toString());
        return file;
    }

    /**
     * An init file that lets root in over TCP from 127.0.0.1 with no password (skip-name-resolve makes
     * {@code root@localhost} match only the socket) and creates dbrace's database. It runs on every server
     * at every start, outside the binary log, so that a replica makes its own and replicates none of it
     * (a Galera cluster replicates it anyway; every statement is idempotent).
     */
    static Path initFile(Path dir, String name) throws IOException {
        List<String> sql = new ArrayList<>();
        sql.add("SET sql_log_bin = 0;");
        sql.add("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';");
        sql.add("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;");
        sql.add("CREATE DATABASE IF NOT EXISTS " + DATABASE + ";");
        Path file = dir.resolve(name + "-init.sql");
        Files.writeString(file, String.join("\n", sql) + "\n");
        return file;
    }

    /** {@code mariadb-install-db} into the data directory the option file names. */
    void install(Path optionFile, Path log) throws IOException, InterruptedException {
        Commands.run(List.of(installDb.toString(), "--defaults-file=" + optionFile, "--auth-root-authentication-method=normal",
                "--skip-test-db", "--force", "--skip-name-resolve"), null, log);
    }

    /** Starts mariadbd with {@code optionFile} first, then {@code extra}. */
    ServerProcess start(Workspace ws, String name, Path optionFile, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(mariadbd.toString(), "--defaults-file=" + optionFile));
        cmd.addAll(List.of(extra));
        return ws.start(name, cmd, null, "TERM");
    }

    static String url(int port) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A target for one server dbrace started. */
    static Target target(String label, int port) {
        return new Target(label, url(port), "root", "", Map.of("sslMode", "DISABLED", "allowPublicKeyRetrieval", "true"), null);
    }
}
