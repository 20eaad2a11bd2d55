package dev.dbrace.race;

import dev.dbrace.db.Dialect;
import dev.dbrace.db.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each server of a spread target says of itself, read before and after a race: who it is, and its
 * cluster's conflict counters, whose change over the race is reported beside dbrace's own counts.
 */
final class NodeSurvey {

    /** One server's word: the writing nodes first, then the read server, if any. */
    record Seen(Target server, Dialect.Node node, Map<String, Long> counters, boolean reads) {
    }

    private NodeSurvey() {
    }

    static List<Seen> take(Target target) throws SQLException {
        List<Seen> seen = new ArrayList<>();
        if (!target.isSpread()) {
            return seen;
        }
        List<Target> live = target.liveNodes();
        for (Target n : target.nodes()) {
            // a node a fault killed is reported as such, with no counters: it cannot be asked
            seen.add(live.contains(n) ? read(n, false)
                    : new Seen(n, new Dialect.Node("?", "killed by --fault", 0, ""), Map.of(), false));
        }
        if (target.reads().isPresent()) {
            seen.add(read(target.reads().get(), true));
        }
        return seen;
    }

    private static Seen read(Target server, boolean reads) throws SQLException {
        try (Connection c = server.connect()) {
            Dialect d = server.dialect();
            return new Seen(server, d.node(c), d.clusterCounters(c), reads);
        }
    }

    /**
     * Each server's counts: its threads' outcomes and errors, and how its counters moved.
     *
     * @param perNode the merged stats of the threads that wrote through each node, in node order
     */
    static List<StrategyResult.NodeCounts> counts(List<Seen> before, List<Seen> after, List<WorkerStats> perNode,
                                                  int threads) {
        List<StrategyResult.NodeCounts> rows = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            Seen b = before.get(i);
            Seen a = after.get(i);
            Map<String, Long> delta = new LinkedHashMap<>();
            a.counters().forEach((k, v) -> delta.put(k, v - b.counters().getOrDefault(k, 0L)));
            WorkerStats stats = b.reads() || i >= perNode.size() ? new WorkerStats() : perNode.get(i);
            int nodeThreads = b.reads() ? 0 : (threads - i + perNode.size() - 1) / perNode.size();
            rows.add(new StrategyResult.NodeCounts(b.server().label(), a.node().id(),
                    b.reads() ? a.node().role() + " (reads)" : a.node().role(), a.node().clusterSize(), nodeThreads,
                    stats.outcomes, stats.errors.kinds(), delta));
        }
        return rows;
    }
}
