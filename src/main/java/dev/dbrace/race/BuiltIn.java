package dev.dbrace.race;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.db.Capability;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.strategy.Strategy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One of dbrace's own strategies as a contender: a pool per node with one connection per thread
 * (threads spread round-robin over the nodes), and a read pool when plain reads are routed.
 */
public record BuiltIn(Strategy strategy) implements Contender {

    @Override
    public String name() {
        return strategy.name();
    }

    @Override
    public String summary() {
        return strategy.summary();
    }

    @Override
    public Isolation isolation() {
        return strategy.isolation();
    }

    @Override
    public Set<Capability> needs() {
        return strategy.needs();
    }

    @Override
    public Lineup open(Arena arena) throws SQLException {
        RaceConfig cfg = arena.config();
        Target target = arena.target();
        List<Target> nodes = target.nodes();
        List<HikariDataSource> pools = new ArrayList<>();
        AutoCloseable closePools = () -> pools.forEach(HikariDataSource::close);
        List<SessionCaller> callers = new ArrayList<>();
        try {
            for (int n = 0; n < nodes.size(); n++) {
                int threadsHere = (cfg.threads() - n + nodes.size() - 1) / nodes.size();
                Target node = nodes.get(n);
                if (cfg.fault().planned()) {
                    // through a fault, a killed node's threads reconnect to the next node, as an application with a
                    // list of hosts does
                    List<Target> next = new ArrayList<>(nodes.subList(n + 1, nodes.size()));
                    next.addAll(nodes.subList(0, n));
                    node = node.withFallbacks(next);
                }
                pools.add(node.pool(strategy.name() + (nodes.size() > 1 ? "-node" + (n + 1) : ""),
                        Math.max(1, threadsHere), arena.isolation(), cfg.callTimeout(), false, cfg.settings()));
            }
            HikariDataSource readPool = target.reads().isPresent()
                    ? target.reads().get().readPool(strategy.name() + "-reads", cfg.threads(), cfg.callTimeout()) : null;
            if (readPool != null) {
                pools.add(readPool);
            }
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < cfg.threads(); i++) {
                connections.add(pools.get(i % nodes.size()).getConnection());
            }
            String isolation = arena.dialect().readIsolation(connections.get(0)).key();
            Map<String, String> settings = arena.dialect().readSettings(connections.get(0), cfg.settings());
            connections.get(0).rollback();
            for (int i = 0; i < cfg.threads(); i++) {
                callers.add(new SessionCaller(strategy, nodes.get(i % nodes.size()).label(), pools.get(i % nodes.size()),
                        connections.get(i), readPool,
                        readPool == null ? null : readPool.getConnection(), arena));
            }
            return new Lineup(callers, isolation, settings, closePools);
        } catch (SQLException | RuntimeException e) {
            new Lineup(callers, null, Map.of(), closePools).close();
            throw e;
        }
    }
}
