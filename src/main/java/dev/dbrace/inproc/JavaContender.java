package dev.dbrace.inproc;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.api.GetOrCreate;
import dev.dbrace.race.Arena;
import dev.dbrace.race.Contender;
import dev.dbrace.race.RaceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's Java code as a contender: one pool per race at the race's isolation, one
 * {@link JavaCaller} per thread, and the {@link RaceDataSource} pointed at the pool while it races.
 */
public final class JavaContender implements Contender {

    private final String name;
    private final GetOrCreate code;
    private RaceDataSource dataSource;

    /** @param dataSource the DataSource handed to the code; null to make one per target on first use */
    public JavaContender(String name, GetOrCreate code, RaceDataSource dataSource) {
        this.name = name;
        this.code = code;
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        String type = code.getClass().getName();
        return type.contains("$$Lambda") || type.contains("$Lambda") ? "your Java code" : "your Java code: " + type;
    }

    @Override
    public boolean racesOn(dev.dbrace.race.Ground ground) {
        return true;
    }

    @Override
    public Lineup open(Arena arena) throws SQLException {
        RaceConfig cfg = arena.config();
        if (dataSource == null || !dataSource.serves(arena.target())) {
            dataSource = new RaceDataSource(arena.target());
        }
        // the threads' own connections, and as many again for an ORM's connections of its own
        HikariDataSource pool = arena.target().pool(name, 2 * cfg.threads(), arena.isolation(), cfg.callTimeout(), true,
                cfg.settings());
        String isolation;
        java.util.Map<String, String> settings;
        try (Connection c = pool.getConnection()) {
            isolation = arena.dialect().readIsolation(c).key();
            settings = arena.dialect().readSettings(c, cfg.settings());
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        List<JavaCaller> callers = new ArrayList<>();
        for (int i = 0; i < cfg.threads(); i++) {
            callers.add(new JavaCaller(name, code, pool, dataSource, arena.ground(), arena.dialect(),
                    arena.samples()));
        }
        dataSource.use(pool);
        return new Lineup(callers, isolation, settings, () -> {
            dataSource.use(null);
            pool.close();
        });
    }
}
