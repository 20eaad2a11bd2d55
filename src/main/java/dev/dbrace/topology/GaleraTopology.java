package dev.dbrace.topology;

import dev.dbrace.db.GlobalStatus;
import dev.dbrace.db.Liveness;
import dev.dbrace.db.Target;
import dev.dbrace.db.TargetUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --db galera[:N]}: a MariaDB Galera cluster of N nodes (3 by default) on 127.0.0.1, from Debian's
 * {@code mariadb-server} and {@code galera-4}. Node 1 is bootstrapped, stopped cleanly and its data
 * directory copied to the others, which then join by IST; a joiner's folder belongs to {@code nobody},
 * as the rsync daemon Galera's transfer script starts as root runs as that user.
 */
final class GaleraTopology implements Topology {

    static final String PACKAGES = "apt-get install galera-4 mariadb-server rsync";

    @Override
    public String name() {
        return "galera";
    }

    @Override
    public String summary() {
        return "a MariaDB Galera cluster on 127.0.0.1; galera:N for N nodes (default 3); threads spread over the nodes";
    }

    @Override
    public Target start(String option, int maxConnections) throws Exception {
        int n = nodes(option);
        MariaDbServers servers = MariaDbServers.find("galera", PACKAGES);
        Path provider = provider();
        if (Commands.firstExecutable("/usr/bin/rsync") == null) {
            throw new TargetUnavailableException("--db galera needs rsync for the nodes' state transfer; run: " + PACKAGES);
        }
        Workspace ws = new Workspace("galera");
        try {
            int[] ports = Workspace.freePorts(4 * n);
            StringJoiner members = new StringJoiner(",", "gcomm://", "");
            for (int i = 0; i < n; i++) {
                members.add("127.0.0.1:" + ports[4 * i + 1]);
            }
            List<Path> optionFiles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "node" + (i + 1);
                Map<String, String> o = MariaDbServers.options(ws, name, ports[4 * i], maxConnections);
                o.put("server_id", String.valueOf(i + 1));
                o.put("binlog_format", "ROW");
                o.put("innodb_autoinc_lock_mode", "2");
                o.put("wsrep_on", "ON");
                o.put("wsrep_provider", provider.toString());
                o.put("wsrep_cluster_name", "dbrace");
                o.put("wsrep_cluster_address", members.toString());
                o.put("wsrep_node_name", name);
                o.put("wsrep_node_address", "127.0.0.1:" + ports[4 * i + 1]);
                o.put("wsrep_provider_options", "\"gmcast.listen_addr=tcp://127.0.0.1:" + ports[4 * i + 1]
                        + ";ist.recv_addr=127.0.0.1:" + ports[4 * i + 2] + "\"");
                o.put("wsrep_sst_receive_address", "127.0.0.1:" + ports[4 * i + 3]);
                o.put("wsrep_sst_method", "rsync");
                o.put("init-file", MariaDbServers.initFile(ws.dir(), name).toString());
                optionFiles.add(MariaDbServers.writeOptions(ws.dir(), name, o));
            }
            servers.install(optionFiles.get(0), ws.dir().resolve("install.log"));
            // bootstrap once, stop cleanly: the copies then share its state and join by IST, the quickest way in
            ServerProcess first = servers.start(ws, "node1-bootstrap", optionFiles.get(0), "--wsrep-new-cluster");
            awaitSynced("galera node 1", first, ports[0], 1);
            ws.stop(first);
            Path data1 = ws.dir().resolve("node1-data");
            Path grastate = data1.resolve("grastate.dat");
            if (!Files.exists(grastate) || !Files.readString(grastate).contains("safe_to_bootstrap: 1")) {
                throw new TargetUnavailableException("galera node 1 did not stop cleanly after its first start "
                        + "(its grastate.dat does not say safe_to_bootstrap: 1); its log ends:\n" + first.tail(15));
            }
            for (int i = 1; i < n; i++) {
                Path copy = ws.dir().resolve("node" + (i + 1) + "-data");
                Commands.run(List.of("cp", "-a", data1.toString(), copy.toString()), null, null);
                if (Workspace.root()) {
                    Workspace.chown("nobody:nogroup", copy);
                }
            }
            ServerProcess node1 = servers.start(ws, "node1", optionFiles.get(0), "--wsrep-new-cluster");
            awaitSynced("galera node 1", node1, ports[0], 1);
            List<ServerProcess> joiners = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                joiners.add(servers.start(ws, "node" + (i + 1), optionFiles.get(i)));
            }
            for (int i = 1; i < n; i++) {
                awaitSynced("galera node " + (i + 1), joiners.get(i - 1), ports[4 * i], n);
            }
            List<Target> targets = new ArrayList<>();
            Map<String, ServerProcess> processes = new LinkedHashMap<>();
            processes.put("node1", node1);
            for (int i = 0; i < n; i++) {
                targets.add(MariaDbServers.target("node" + (i + 1) + " 127.0.0.1:" + ports[4 * i], ports[4 * i]));
                if (i > 0) {
                    processes.put("node" + (i + 1), joiners.get(i - 1));
                }
            }
            String label = option.isEmpty() ? name() : name() + ":" + option;
            return Target.spread(label, targets, null, new Nodes(label, ws, processes, targets));
        } catch (Exception | Error e) {
            ws.closeAfter(e);
            throw e;
        }
    }

    private static int nodes(String option) {
        if (option.isEmpty()) {
            return 3;
        }
        try {
            int n = Integer.parseInt(option);
            if (n >= 2 && n <= 9) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the message below says what is taken
        }
        throw new IllegalArgumentException("galera:" + option + ": give the number of nodes, 2 to 9 (galera:3)");
    }

    private static Path provider() throws TargetUnavailableException {
        for (String p : List.of("/usr/lib/galera/libgalera_smm.so", "/usr/lib/libgalera_smm.so",
                "/usr/lib/galera-4/libgalera_smm.so")) {
            if (Files.exists(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new TargetUnavailableException("--db galera needs the Galera provider libgalera_smm.so, which is not "
                + "installed here; run: " + PACKAGES);
    }

    /** Waits for {@code wsrep_local_state_comment = Synced} and a cluster of {@code size}. */
    private static void awaitSynced(String what, ServerProcess server, int port, int size)
            throws TargetUnavailableException, InterruptedException {
        Ready.await(what, server, "jdbc:mysql://127.0.0.1:" + port + "/", Ready.user("root"),
                c -> "Synced".equals(GlobalStatus.read(c, "wsrep_local_state_comment"))
                        && String.valueOf(size).equals(GlobalStatus.read(c, "wsrep_cluster_size")));
    }

    /**
     * The started cluster as a fault sees it: every node takes writes, so there is no primary; a killed node is
     * SIGKILLed mariadbd, and the work after the race asks only the others. Node 1 sets the race up and verifies it,
     * so it is the one node a fault may not kill.
     */
    private static final class Nodes extends StartedCluster implements Liveness {
        private final Map<String, ServerProcess> processes;
        private final List<Target> targets;
        private final Set<String> killed = ConcurrentHashMap.newKeySet();

        Nodes(String label, Workspace ws, Map<String, ServerProcess> processes, List<Target> targets) {
            super(label, ws);
            this.processes = processes;
            this.targets = targets;
        }

        @Override
        public List<String> nodes() {
            return List.copyOf(processes.keySet());
        }

        @Override
        public Optional<String> primary() {
            return Optional.empty();
        }

        @Override
        public Optional<String> unkillable(String node) {
            return node.equals("node1") ? Optional.of("node1 sets up and verifies the race on " + label + ": kill another "
                    + "(kill-node:2)") : super.unkillable(node);
        }

        @Override
        public void kill(String node) throws InterruptedException {
            ServerProcess p = processes.get(node);
            if (p == null || killed.contains(node)) {
                throw new IllegalArgumentException("no live node '" + node + "' in " + label);
            }
            Optional<String> why = unkillable(node);
            if (why.isPresent()) {
                throw new IllegalArgumentException(why.get());
            }
            p.kill();
            killed.add(node);
        }

        @Override
        public boolean alive(Target node) {
            int i = targets.indexOf(node);
            return i < 0 || !killed.contains("node" + (i + 1));
        }
    }
}
