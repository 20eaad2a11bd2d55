package dev.dbrace.db;

import dev.dbrace.outcome.DbError;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A MariaDB Galera node ({@code wsrep_on}). Every node takes writes; a transaction is certified against
 * the others' at COMMIT. The quirks that follow live here: a 1213 at COMMIT is a certification failure
 * (another node's write set won), a 1213 at an earlier statement a brute-force abort by an applier and
 * reads as a deadlock; positions are the cluster's seqno, {@code wsrep_last_committed}.
 */
final class GaleraDialect extends MariaDbDialect {

    GaleraDialect(ServerInfo server) {
        super(server);
    }

    @Override
    public String product() {
        return "MariaDB Galera";
    }

    @Override
    public DbError classify(SQLException e, String step) {
        return atStep(classifier().classify(e), step);
    }

    @Override
    public DbError classify(int vendorCode, String sqlState, String step) {
        return atStep(classifier().classify(vendorCode, sqlState, false), step);
    }

    private static DbError atStep(DbError kind, String step) {
        return kind == DbError.DEADLOCK && "COMMIT".equals(step) ? DbError.CERTIFICATION_FAILURE : kind;
    }

    @Override
    public Dialect refine(Connection c) {
        return this;
    }

    @Override
    public Node node(Connection c) throws SQLException {
        String id = "server_id=" + one(c, "SELECT @@server_id") + " wsrep_node=" + status(c, "wsrep_gcomm_uuid");
        String fingerprint = one(c, "SELECT CONCAT(@@hostname, ':', @@port, ':', @@datadir)");
        return new Node(id, "cluster node", Integer.parseInt(status(c, "wsrep_cluster_size").trim()), fingerprint);
    }

    @Override
    public Map<String, Long> clusterCounters(Connection c) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(GaleraCounters.CERT_FAILURES, Long.parseLong(status(c, GaleraCounters.CERT_FAILURES).trim()));
        m.put(GaleraCounters.BF_ABORTS, Long.parseLong(status(c, GaleraCounters.BF_ABORTS).trim()));
        m.put(GaleraCounters.REPLAYS, Long.parseLong(status(c, GaleraCounters.REPLAYS).trim()));
        return m;
    }

    /** {@code wsrep_last_committed}: the cluster-wide seqno of the last write set this node committed. */
    @Override
    public Optional<String> committedPosition(Connection c) throws SQLException {
        return Optional.of(status(c, "wsrep_last_committed").trim());
    }

    @Override
    public boolean applied(Connection c, String position) throws SQLException {
        return Long.parseLong(status(c, "wsrep_last_committed").trim()) >= Long.parseLong(position);
    }
}
