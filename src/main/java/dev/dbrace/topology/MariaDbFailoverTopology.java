package dev.dbrace.topology;

import dev.dbrace.db.Target;
import dev.dbrace.db.TargetUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --db mariadb-failover[:semisync|:semisync-after-sync|:semisync-after-commit]}: a MariaDB primary and a
 * replica, as {@code mariadb-replica} starts them, behind HAProxy, through which every caller connects. HAProxy sends
 * callers to the primary; the replica is in maintenance. When a fault kills the primary, dbrace does what a DBA's
 * runbook says, on a thread of its own as a paged DBA would: stop the replica's I/O thread, wait until its SQL thread
 * has applied everything it received, stop and reset replication, make it writable, and point HAProxy at it.
 */
final class MariaDbFailoverTopology implements Topology {

    @Override
    public String name() {
        return "mariadb-failover";
    }

    @Override
    public String summary() {
        return "a MariaDB primary and a replica behind HAProxy, the replica promoted by dbrace's runbook when a fault "
                + "kills the primary; :semisync, :semisync-after-sync or :semisync-after-commit";
    }

    @Override
    public Target start(String option, int maxConnections) throws Exception {
        ReplicaOptions opts = ReplicaOptions.parse(name(), option, MariaDbReplicaTopology.MODES);
        if (!opts.lag().isZero()) {
            throw new IllegalArgumentException(name() + " takes no lag=: a replica held back would lose what it holds");
        }
        MariaDbServers servers = MariaDbServers.find(name(), MariaDbServers.PACKAGES);
        Path haproxy = Commands.firstExecutable("/usr/sbin/haproxy", "/usr/bin/haproxy");
        if (haproxy == null) {
            throw new TargetUnavailableException("--db mariadb-failover needs haproxy, which is not installed here; run: "
                    + "apt-get install haproxy mariadb-server");
        }
        Workspace ws = new Workspace(name());
        try {
            MariaDbReplicaTopology.Pair pair = MariaDbReplicaTopology.startPair(ws, servers, opts, maxConnections);
            int proxy = Workspace.freePorts(1)[0];
            Path admin = ws.socketDir("haproxy.sock").resolve("haproxy.sock");
            Path config = ws.dir().resolve("haproxy.cfg");
            Files.writeString(config, Haproxy.head(maxConnections, admin) + String.join("\n",
                    "listen writer",
                    "  bind 127.0.0.1:" + proxy,
                    "  default-server inter 500ms fall 3 rise 1 on-marked-down shutdown-sessions",
                    "  server primary 127.0.0.1:" + pair.primaryPort() + " check",
                    // in maintenance until the runbook has promoted it
                    "  server replica 127.0.0.1:" + pair.replicaPort() + " check disabled",
                    ""));
            ServerProcess proxyServer = ws.start("haproxy", List.of(haproxy.toString(), "-f", config.toString(), "-db"),
                    null, "TERM");
            Ready.until("HAProxy's checks (primary UP, replica in maintenance)", proxyServer,
                    () -> Haproxy.states(admin, "writer").equals(Map.of("primary", "UP", "replica", "MAINT")));
            String label = option.isEmpty() ? name() : name() + ":" + option;
            Pair started = new Pair(label, ws, pair, admin);
            Target write = MariaDbServers.target("haproxy 127.0.0.1:" + proxy + " (the primary, then the promoted replica)",
                    proxy);
            return Target.spread(label, List.of(write), null, started);
        } catch (Exception | Error e) {
            ws.closeAfter(e);
            throw e;
        }
    }

    /** The started pair as a fault sees it; a kill of the primary sets the runbook going. */
    private static final class Pair extends StartedCluster {
        private final MariaDbReplicaTopology.Pair servers;
        private final Path admin;
        private volatile String primary = "primary";
        private volatile boolean primaryKilled;
        private volatile boolean replicaKilled;

        Pair(String label, Workspace ws, MariaDbReplicaTopology.Pair servers, Path admin) {
            super(label, ws);
            this.servers = servers;
            this.admin = admin;
        }

        @Override
        public List<String> nodes() {
            return List.of("primary", "replica");
        }

        @Override
        public Optional<String> primary() {
            return Optional.ofNullable(primary);
        }

        @Override
        public synchronized void kill(String node) throws InterruptedException {
            if (node.equals("primary") && !primaryKilled) {
                servers.primary().kill();
                primaryKilled = true;
                primary = null;
                Thread runbook = new Thread(this::promote, "dbrace-runbook");
                runbook.setDaemon(true);
                runbook.start();
            } else if (node.equals("replica") && !replicaKilled) {
                servers.replica().kill();
                replicaKilled = true;
            } else {
                throw new IllegalArgumentException("no live node '" + node + "' in " + label);
            }
        }

        /** The runbook: what a DBA does when the primary is gone. Each step is written to runbook.log. */
        private void promote() {
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + servers.replicaPort() + "/",
                    Ready.user("root")); Statement s = c.createStatement()) {
                log("the primary is dead: STOP SLAVE IO_THREAD");
                s.execute("STOP SLAVE IO_THREAD");
                Ready.until("the replica's SQL thread applying all it received", servers.replica(),
                        () -> applied(c));
                log("the SQL thread has applied everything received: STOP SLAVE, RESET SLAVE ALL, read_only OFF");
                s.execute("STOP SLAVE");
                s.execute("RESET SLAVE ALL");
                s.execute("SET GLOBAL read_only = OFF");
                log("HAProxy: " + Haproxy.command(admin, "set server writer/replica state ready").strip());
                primary = "replica";
                log("promoted");
            } catch (Exception e) {
                log("the runbook failed: " + e);      // the race's failover bound then ends it, and says so
            }
        }

        /** Everything the I/O thread wrote to the relay log has been executed. */
        private static boolean applied(Connection c) throws SQLException {
            String readFile = MariaDbReplicaTopology.slaveStatus(c, "Master_Log_File");
            String execFile = MariaDbReplicaTopology.slaveStatus(c, "Relay_Master_Log_File");
            String readPos = MariaDbReplicaTopology.slaveStatus(c, "Read_Master_Log_Pos");
            String execPos = MariaDbReplicaTopology.slaveStatus(c, "Exec_Master_Log_Pos");
            return readFile != null && readFile.equals(execFile) && readPos.equals(execPos)
                    && !"Yes".equals(MariaDbReplicaTopology.slaveStatus(c, "Slave_IO_Running"));
        }

        private void log(String line) {
            try {
                Files.writeString(ws.dir().resolve("runbook.log"), Instant.now() + " " + line + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // the log is for a reader after the fact; the promotion goes on without it
            }
        }
    }
}
