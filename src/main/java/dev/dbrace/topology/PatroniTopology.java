package dev.dbrace.topology;

import dev.dbrace.db.Target;
import dev.dbrace.db.TargetUnavailableException;
import dev.dbrace.worker.ProcessGroup;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code --db patroni[:sync][,3]}: two (or three) PostgreSQL nodes managed by Patroni, with one etcd, and HAProxy
 * routing to the leader by Patroni's REST health check ({@code GET /primary}), the stack many teams run. Every caller
 * connects to HAProxy, as an application does; Patroni, not dbrace, fails over. {@code sync} turns on Patroni's
 * {@code synchronous_mode}: a COMMIT waits for a synchronous standby, which is the one Patroni promotes.
 *
 * <p>Patroni's timings are set for a race, not for a data centre: {@code ttl} 10 s, {@code loop_wait} 1 s,
 * {@code retry_timeout} 3 s, so a killed leader is replaced within about ten seconds. As root, Patroni and PostgreSQL
 * run as {@code postgres}. A killed node is Patroni and its PostgreSQL both SIGKILLed, as when a machine dies.
 */
final class PatroniTopology implements Topology {

    static final String PACKAGES = "apt-get install patroni etcd-server haproxy postgresql";
    private static final String SCOPE = "dbrace";

    @Override
    public String name() {
        return "patroni";
    }

    @Override
    public String summary() {
        return "two PostgreSQL nodes under Patroni with one etcd, callers through HAProxy to the leader; :sync for "
                + "Patroni's synchronous_mode, :3 (or :sync,3) for three nodes";
    }

    @Override
    public Target start(String option, int maxConnections) throws Exception {
        boolean sync = false;
        int count = 2;
        for (String o : option.isEmpty() ? new String[0] : option.split(",")) {
            switch (o.trim()) {
                case "sync" -> sync = true;
                case "2", "3" -> count = Integer.parseInt(o.trim());
                default -> throw new IllegalArgumentException("--db patroni takes sync and a node count of 2 or 3 "
                        + "(patroni:sync,3), not '" + o + "'");
            }
        }
        Path bin = PostgresReplicaTopology.binaries();
        Path patroni = tool("patroni", "/usr/bin/patroni");
        Path etcd = tool("etcd", "/usr/bin/etcd");
        Path haproxy = tool("haproxy", "/usr/sbin/haproxy", "/usr/bin/haproxy");
        String runAs = Workspace.root() ? "postgres" : null;
        Workspace ws = new Workspace(name());
        try {
            int[] ports = Workspace.freePorts(3 + 2 * count);
            int etcdClient = ports[0];
            int proxy = ports[2];
            Path etcdData = ws.dir().resolve("etcd");
            ServerProcess etcdServer = ws.start("etcd", List.of(etcd.toString(), "--name", "etcd", "--data-dir",
                    etcdData.toString(), "--listen-client-urls", "http://127.0.0.1:" + etcdClient,
                    "--advertise-client-urls", "http://127.0.0.1:" + etcdClient,
                    "--listen-peer-urls", "http://127.0.0.1:" + ports[1],
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + ports[1],
                    "--initial-cluster", "etcd=http://127.0.0.1:" + ports[1]), null, "TERM");
            Ready.until("etcd", etcdServer, () -> status("http://127.0.0.1:" + etcdClient + "/health") == 200);
            Path pg = ws.dir().resolve("pg");
            Files.createDirectory(pg);
            Map<String, Node> nodes = new LinkedHashMap<>();
            for (int i = 1; i <= count; i++) {
                String node = "node" + i;
                int pgPort = ports[1 + 2 * i];
                int rest = ports[2 + 2 * i];
                Path config = pg.resolve(node + ".yml");
                Files.writeString(config, config(node, pg, bin, etcdClient, pgPort, rest, sync, maxConnections));
                if (runAs != null) {
                    Workspace.chown(runAs, pg);
                }
                ServerProcess p = ws.start(node, List.of(patroni.toString(), config.toString()), runAs, "TERM");
                Node n = new Node(node, p, pg.resolve(node), pgPort, rest);
                nodes.put(node, n);
                // the first bootstraps and leads; each later one must be streaming from it before the next starts
                String path = i == 1 ? "/primary" : sync && i == 2 ? "/sync" : "/replica";
                Ready.until("Patroni " + node + (i == 1 ? " as leader" : " as replica"), p,
                        () -> status("http://127.0.0.1:" + rest + path) == 200);
            }
            Path proxyConfig = ws.dir().resolve("haproxy.cfg");
            Path admin = ws.socketDir("haproxy.sock").resolve("haproxy.sock");
            Files.writeString(proxyConfig, haproxyConfig(proxy, admin, nodes.values(), maxConnections));
            ServerProcess proxyServer = ws.start("haproxy", List.of(haproxy.toString(), "-f", proxyConfig.toString(),
                    "-db"), null, "TERM");
            // HAProxy takes every server as up until its checks say otherwise (and while a server is going down,
            // "UP 1/3", it still takes sessions): ready when the leader is UP and every other node is DOWN
            String leader = nodes.keySet().iterator().next();
            Map<String, String> wanted = new LinkedHashMap<>();
            nodes.keySet().forEach(n -> wanted.put(n, n.equals(leader) ? "UP" : "DOWN"));
            Ready.until("HAProxy's checks (" + wanted + ")", proxyServer, () -> Haproxy.states(admin, "leader").equals(wanted));
            String url = "jdbc:postgresql://127.0.0.1:" + proxy + "/postgres";
            Ready.await("HAProxy to the Patroni leader", proxyServer, url, user(), c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                    return rs.next() && !rs.getBoolean(1);
                }
            });
            String label = option.isEmpty() ? name() : name() + ":" + option;
            Started started = new Started(label, ws, nodes);
            ws.beforeDelete(started::sweep);
            Target write = new Target("haproxy 127.0.0.1:" + proxy + " (Patroni leader)", url, "postgres", "", Map.of(),
                    null);
            return Target.spread(label, List.of(write), null, started);
        } catch (Exception | Error e) {
            ws.closeAfter(e);
            throw e;
        }
    }

    private static Path tool(String what, String... candidates) throws TargetUnavailableException {
        Path p = Commands.firstExecutable(candidates);
        if (p == null) {
            throw new TargetUnavailableException("--db patroni needs " + what + ", which is not installed here; run: "
                    + PACKAGES);
        }
        return p;
    }

    private static String config(String node, Path pg, Path bin, int etcdClient, int pgPort, int rest, boolean sync,
                                 int maxConnections) {
        return String.join("\n",
                "scope: " + SCOPE,
                "name: " + node,
                "restapi:",
                "  listen: 127.0.0.1:" + rest,
                "  connect_address: 127.0.0.1:" + rest,
                "etcd3:",
                "  hosts: 127.0.0.1:" + etcdClient,
                "bootstrap:",
                "  dcs:",
                "    ttl: 10",
                "    loop_wait: 1",
                "    retry_timeout: 3",
                "    maximum_lag_on_failover: 1073741824",
                "    synchronous_mode: " + sync,
                "    postgresql:",
                "      use_pg_rewind: false",
                "      parameters:",
                "        max_connections: " + maxConnections,
                "        wal_level: replica",
                "        hot_standby: 'on'",
                "        max_wal_senders: 8",
                "        max_replication_slots: 8",
                "  initdb:",
                "    - encoding: UTF8",
                "    - locale: C",
                "    - auth: trust",
                "postgresql:",
                "  listen: 127.0.0.1:" + pgPort,
                "  connect_address: 127.0.0.1:" + pgPort,
                "  data_dir: " + pg.resolve(node),
                "  bin_dir: " + bin,
                "  pgpass: " + pg.resolve(node + ".pgpass"),
                "  authentication:",
                "    superuser: {username: postgres}",
                "    replication: {username: postgres}",
                "  pg_hba:",
                "    - host all all 127.0.0.1/32 trust",
                "    - host replication all 127.0.0.1/32 trust",
                "  parameters:",
                // no Unix socket: every client comes by TCP, and a long folder would pass the socket path's limit
                "    unix_socket_directories: ''",
                "");
    }

    private static String haproxyConfig(int port, Path admin, Iterable<Node> nodes, int maxConnections) {
        StringBuilder b = new StringBuilder(Haproxy.head(maxConnections, admin) + String.join("\n",
                "listen leader",
                "  bind 127.0.0.1:" + port,
                "  option httpchk GET /primary",
                "  http-check expect status 200",
                // a node that stops being the leader loses its sessions at once, as Patroni's own template does
                "  default-server inter 500ms fall 3 rise 1 on-marked-down shutdown-sessions",
                ""));
        for (Node n : nodes) {
            b.append("  server ").append(n.name).append(" 127.0.0.1:").append(n.pgPort).append(" maxconn ")
                    .append(maxConnections).append(" check port ").append(n.rest).append('\n');
        }
        return b.toString();
    }

    /** The HTTP status of a GET, with short timeouts (a probe never hangs). */
    static int status(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(1_000);
        c.setReadTimeout(2_000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static Properties user() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        return p;
    }

    /** One Patroni node: its process (Patroni, which starts PostgreSQL in a session of its own) and its ports. */
    private record Node(String name, ServerProcess patroni, Path data, int pgPort, int rest) {

        /** The process group of the PostgreSQL this node's Patroni started, from its postmaster.pid; 0 when none. */
        long postmasterGroup() {
            try {
                List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
                Path proc = Path.of("/proc", lines.get(0).trim());
                // a stale pid file's number may belong to another process by now: only a postgres on this data counts
                if (!Files.readString(proc.resolve("cmdline")).contains(data.toString())) {
                    return 0;
                }
                String stat = Files.readString(proc.resolve("stat"));
                // pid (comm) state ppid pgrp ...: the fields after the command's closing parenthesis
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[2]);
            } catch (IOException | RuntimeException e) {
                return 0;       // no pid file, or the process is gone
            }
        }
    }

    /** The started cluster: what a fault can ask and kill; closing it stops everything and deletes the folder. */
    private static final class Started extends StartedCluster {
        private final Map<String, Node> nodes;
        private final List<String> killed = new CopyOnWriteArrayList<>();

        Started(String label, Workspace ws, Map<String, Node> nodes) {
            super(label, ws);
            this.nodes = nodes;
        }

        @Override
        public List<String> nodes() {
            return List.copyOf(nodes.keySet());
        }

        @Override
        public Optional<String> primary() {
            for (Node n : nodes.values()) {
                if (killed.contains(n.name)) {
                    continue;
                }
                try {
                    if (status("http://127.0.0.1:" + n.rest + "/primary") == 200) {
                        return Optional.of(n.name);
                    }
                } catch (IOException e) {
                    // not answering: not the primary
                }
            }
            return Optional.empty();
        }

        @Override
        public synchronized void kill(String node) throws InterruptedException {
            Node n = nodes.get(node);
            if (n == null || killed.contains(node)) {
                throw new IllegalArgumentException("no live node '" + node + "' in " + label + " (nodes " + nodes.keySet()
                        + ", killed " + killed + ")");
            }
            long postmaster = n.postmasterGroup();
            if (postmaster == 0) {
                // killing Patroni alone would leave its PostgreSQL taking writes beside the next leader
                throw new IllegalStateException("the PostgreSQL of " + node + " could not be found (no live postmaster.pid "
                        + "in " + n.data + "): nothing was killed");
            }
            n.patroni.kill();
            ProcessGroup.signalGroup(postmaster, "KILL");
            killed.add(node);
        }

        /** After the clean stop: a PostgreSQL whose Patroni died (killed, or stopped before it could stop it). */
        void sweep() {
            for (Node n : nodes.values()) {
                long group = n.postmasterGroup();
                if (group > 0) {
                    try {
                        ProcessGroup.signalGroup(group, "KILL");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }
}
