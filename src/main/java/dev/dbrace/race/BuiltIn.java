package dev.dbrace.race;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.db.Capability;
import dev.dbrace.db.Isolation;
import dev.dbrace.strategy.Strategy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One of dbrace's own strategies as a contender: a pool with one connection per thread. */
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
        HikariDataSource pool = arena.target().pool(strategy.name(), cfg.threads(), arena.isolation(), cfg.callTimeout(),
                false, cfg.settings());
        List<SessionCaller> callers = new ArrayList<>();
        try {
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < cfg.threads(); i++) {
                connections.add(pool.getConnection());
            }
            String isolation = arena.dialect().readIsolation(connections.get(0)).key();
            java.util.Map<String, String> settings = arena.dialect().readSettings(connections.get(0), cfg.settings());
            connections.get(0).rollback();
            for (Connection c : connections) {
                callers.add(new SessionCaller(strategy, pool, c, arena));
            }
            return new Lineup(callers, isolation, settings, pool);
        } catch (SQLException | RuntimeException e) {
            new Lineup(callers, null, java.util.Map.of(), pool).close();
            throw e;
        }
    }
}
