package dev.dbrace.topology;

import dev.dbrace.db.Target;
import dev.dbrace.db.TargetUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code --db postgres-replica[:sync|:remote-apply]}: a PostgreSQL primary and a streaming hot standby made
 * with {@code pg_basebackup -R}, from Debian's PostgreSQL binaries (the standby's tools must match the
 * server's major version), with plain reads routed to the standby. {@code sync} and {@code remote-apply} name
 * the standby in {@code synchronous_standby_names} and set {@code synchronous_commit} to {@code on} (COMMIT
 * waits until the standby has flushed the WAL) or {@code remote_apply} (until it has replayed it);
 * {@code lag=500ms} sets {@code recovery_min_apply_delay}. As root the servers run as {@code postgres}.
 */
final class PostgresReplicaTopology implements Topology {

    static final String PACKAGES = "apt-get install postgresql";
    private static final String STANDBY = "standby";

    @Override
    public String name() {
        return "postgres-replica";
    }

    @Override
    public String summary() {
        return "a PostgreSQL primary and a streaming hot standby, plain reads routed to the standby; :sync or "
                + ":remote-apply for synchronous commit, :lag=500ms to force an apply delay";
    }

    @Override
    public Target start(String option, int maxConnections) throws Exception {
        ReplicaOptions opts = ReplicaOptions.parse(name(), option, Set.of("sync", "remote-apply"));
        Path bin = binaries();
        String runAs = Workspace.root() ? "postgres" : null;
        Workspace ws = new Workspace(name());
        try {
            Path pg = ws.dir().resolve("pg");
            Files.createDirectory(pg);
            if (runAs != null) {
                Workspace.chown(runAs, pg);
            }
            int[] ports = Workspace.freePorts(2);
            Path primaryData = pg.resolve("primary");
            Commands.run(List.of(bin.resolve("initdb").toString(), "-D", primaryData.toString(), "-U", "postgres",
                    "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"), runAs, ws.dir().resolve("initdb.log"));
            // no Unix socket: every client comes by TCP, and a long java.io.tmpdir would pass the socket path's limit
            List<String> conf = new ArrayList<>(List.of("port = " + ports[0], "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = ''", "max_connections = " + maxConnections,
                    "wal_level = replica", "max_wal_senders = 4", "hot_standby = on"));
            if (!opts.mode().isEmpty()) {
                conf.add("synchronous_standby_names = '" + STANDBY + "'");
                conf.add("synchronous_commit = " + (opts.mode().equals("remote-apply") ? "remote_apply" : "on"));
            }
            append(primaryData.resolve("postgresql.conf"), conf);
            ServerProcess primary = ws.start("primary", List.of(bin.resolve("postgres").toString(), "-D",
                    primaryData.toString()), runAs, "INT");
            Ready.await("the primary", primary, url(ports[0]), user(), c -> true);
            Path standbyData = pg.resolve(STANDBY);
            Commands.run(List.of(bin.resolve("pg_basebackup").toString(), "-D", standbyData.toString(), "-R", "-X", "stream",
                    "-c", "fast", "-d", "host=127.0.0.1 port=" + ports[0] + " user=postgres application_name=" + STANDBY),
                    runAs, ws.dir().resolve("basebackup.log"));
            List<String> standbyConf = new ArrayList<>(List.of("port = " + ports[1]));
            if (!opts.lag().isZero()) {
                standbyConf.add("recovery_min_apply_delay = '" + opts.lag().toMillis() + "ms'");
            }
            append(standbyData.resolve("postgresql.conf"), standbyConf);
            ServerProcess standby = ws.start(STANDBY, List.of(bin.resolve("postgres").toString(), "-D",
                    standbyData.toString()), runAs, "INT");
            Ready.await("the standby", standby, url(ports[1]), user(), c -> true);
            String wanted = opts.mode().isEmpty() ? "" : " AND sync_state = 'sync'";
            Ready.await("the standby's replication", primary, url(ports[0]), user(), c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_replication "
                        + "WHERE application_name = '" + STANDBY + "' AND state = 'streaming'" + wanted)) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            });
            Target write = new Target("primary 127.0.0.1:" + ports[0], url(ports[0]), "postgres", "", Map.of(), null);
            Target read = new Target("standby 127.0.0.1:" + ports[1], url(ports[1]), "postgres", "", Map.of(), null);
            return Target.spread(option.isEmpty() ? name() : name() + ":" + option, List.of(write), read, ws);
        } catch (Exception | Error e) {
            ws.closeAfter(e);
            throw e;
        }
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static Properties user() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "10");      // pgjdbc: seconds; a readiness check never hangs the wait
        p.setProperty("socketTimeout", "30");
        return p;
    }

    private static void append(Path conf, List<String> lines) throws IOException {
        Files.writeString(conf, "\n# dbrace\n" + String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} with initdb, postgres and pg_basebackup; {@code $DBRACE_PG_BIN} first. */
    static Path binaries() throws TargetUnavailableException, IOException {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("DBRACE_PG_BIN");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString())).reversed())
                        .forEach(v -> candidates.add(v.resolve("bin")));
            }
        }
        for (Path bin : candidates) {
            if (Stream.of("initdb", "postgres", "pg_basebackup").allMatch(b -> Files.isExecutable(bin.resolve(b)))) {
                return bin;
            }
        }
        throw new TargetUnavailableException("--db postgres-replica needs PostgreSQL's server binaries (initdb, postgres, "
                + "pg_basebackup of one major version), which are not installed here; run: " + PACKAGES
                + " (or set DBRACE_PG_BIN to their folder)");
    }
}
