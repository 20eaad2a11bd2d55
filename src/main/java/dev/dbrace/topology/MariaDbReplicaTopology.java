package dev.dbrace.topology;

import dev.dbrace.db.GlobalStatus;
import dev.dbrace.db.Target;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --db mariadb-replica[:semisync]}: a MariaDB primary ({@code server_id} 1, binary log, GTID) and an
 * asynchronous replica ({@code server_id} 2, read-only) from Debian's {@code mariadb-server}, with plain reads
 * routed to the replica. {@code semisync} makes the primary's COMMIT wait until the replica has received the
 * transaction (not applied it), at the server's default wait point ({@code AFTER_COMMIT} in MariaDB 10.11);
 * {@code semisync-after-sync} and {@code semisync-after-commit} name it; {@code lag=1s} sets {@code MASTER_DELAY}.
 */
final class MariaDbReplicaTopology implements Topology {

    @Override
    public String name() {
        return "mariadb-replica";
    }

    @Override
    public String summary() {
        return "a MariaDB primary and a replica (GTID), plain reads routed to the replica; :semisync (or "
                + ":semisync-after-sync, :semisync-after-commit) for semi-synchronous replication, :lag=1s to force an "
                + "apply delay";
    }

    /** The semi-synchronous modes: the server's default wait point, or one named. */
    static final Set<String> MODES = Set.of("semisync", "semisync-after-sync", "semisync-after-commit");

    @Override
    public Target start(String option, int maxConnections) throws Exception {
        ReplicaOptions opts = ReplicaOptions.parse(name(), option, MODES);
        MariaDbServers servers = MariaDbServers.find(name(), MariaDbServers.PACKAGES);
        Workspace ws = new Workspace(name());
        try {
            Pair pair = startPair(ws, servers, opts, maxConnections);
            Target write = MariaDbServers.target("primary 127.0.0.1:" + pair.primaryPort, pair.primaryPort);
            Target read = MariaDbServers.target("replica 127.0.0.1:" + pair.replicaPort, pair.replicaPort);
            return Target.spread(option.isEmpty() ? name() : name() + ":" + option, List.of(write), read, ws);
        } catch (Exception | Error e) {
            ws.closeAfter(e);
            throw e;
        }
    }

    /** A started primary and its replica, replicating (and acknowledging, when semi-synchronous). */
    record Pair(ServerProcess primary, int primaryPort, ServerProcess replica, int replicaPort) {
    }

    /** Starts a primary and a replica in {@code ws} from one installed folder, and waits until the replica replicates. */
    static Pair startPair(Workspace ws, MariaDbServers servers, ReplicaOptions opts, int maxConnections) throws Exception {
        boolean semisync = opts.mode().startsWith("semisync");
        int[] ports = Workspace.freePorts(2);
        Map<String, String> p = MariaDbServers.options(ws, "primary", ports[0], maxConnections);
        p.put("server_id", "1");
        p.put("log_bin", ws.dir().resolve("primary-bin").toString());
        p.put("binlog_format", "ROW");
        p.put("init-file", MariaDbServers.initFile(ws.dir(), "primary").toString());
        Map<String, String> r = MariaDbServers.options(ws, "replica", ports[1], maxConnections);
        r.put("server_id", "2");
        r.put("read_only", "ON");
        r.put("init-file", MariaDbServers.initFile(ws.dir(), "replica").toString());
        if (semisync) {
            p.put("rpl_semi_sync_master_enabled", "ON");
            // without a replica's acknowledgement within this bound the primary falls back to asynchronous
            p.put("rpl_semi_sync_master_timeout", "600000");
            if (!opts.mode().equals("semisync")) {
                p.put("rpl_semi_sync_master_wait_point", opts.mode().substring("semisync-".length())
                        .replace('-', '_').toUpperCase(Locale.ROOT));
            }
            r.put("rpl_semi_sync_slave_enabled", "ON");
        }
        Path primaryFile = MariaDbServers.writeOptions(ws.dir(), "primary", p);
        Path replicaFile = MariaDbServers.writeOptions(ws.dir(), "replica", r);
        servers.install(primaryFile, ws.dir().resolve("install.log"));
        Commands.run(List.of("cp", "-a", ws.dir().resolve("primary-data").toString(),
                ws.dir().resolve("replica-data").toString()), null, null);
        ServerProcess primary = servers.start(ws, "primary", primaryFile);
        ServerProcess replica = servers.start(ws, "replica", replicaFile);
        Ready.await("the primary", primary, "jdbc:mysql://127.0.0.1:" + ports[0] + "/", Ready.user("root"), c -> true);
        Ready.await("the replica", replica, "jdbc:mysql://127.0.0.1:" + ports[1] + "/", Ready.user("root"), c -> true);
        String start;
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + ports[0] + "/", Ready.user("root"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
            rs.next();
            start = rs.getString(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + ports[1] + "/", Ready.user("root"));
             Statement s = c.createStatement()) {
            // both started from one installed folder: the replica starts where the primary is now
            s.execute("SET GLOBAL gtid_slave_pos = '" + start + "'");
            s.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + ports[0] + ", MASTER_USER = 'root', "
                    + "MASTER_USE_GTID = slave_pos" + (opts.lag().isZero() ? ""
                    : ", MASTER_DELAY = " + Math.max(1, (opts.lag().toMillis() + 999) / 1000)));
            s.execute("START SLAVE");
        }
        Ready.await("the replica", replica, "jdbc:mysql://127.0.0.1:" + ports[1] + "/", Ready.user("root"),
                c -> "Yes".equals(slaveStatus(c, "Slave_IO_Running")) && "Yes".equals(slaveStatus(c, "Slave_SQL_Running")));
        if (semisync) {
            Ready.await("the primary", primary, "jdbc:mysql://127.0.0.1:" + ports[0] + "/", Ready.user("root"),
                    c -> "ON".equals(GlobalStatus.read(c, "Rpl_semi_sync_master_status"))
                            && Integer.parseInt(GlobalStatus.read(c, "Rpl_semi_sync_master_clients")) >= 1);
        }
        return new Pair(primary, ports[0], replica, ports[1]);
    }

    static String slaveStatus(Connection c, String column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            return rs.next() ? rs.getString(column) : null;
        }
    }
}
