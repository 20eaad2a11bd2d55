package dev.dbrace.inproc;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.api.GetOrCreate;
import dev.dbrace.db.Endpoint;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.gate.Gate;
import dev.dbrace.gate.StatementHook;
import dev.dbrace.race.AlignAt;
import dev.dbrace.race.AlignedHook;
import dev.dbrace.race.Aligner;
import dev.dbrace.race.Arena;
import dev.dbrace.race.Contender;
import dev.dbrace.race.GatedContender;
import dev.dbrace.race.Ground;
import dev.dbrace.race.RaceConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The user's Java code as a contender: one pool per race at the race's isolation, one
 * {@link JavaCaller} per thread, and the {@link RaceDataSource} pointed at the pool while it races.
 */
public final class JavaContender implements GatedContender {

    private final String name;
    private final GetOrCreate code;
    private RaceDataSource dataSource;
    /** The team's own table on a target, from the command line's --table; null for the table the code names. */
    private Function<Target, Ground> table;

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
    public boolean racesOn(Ground ground) {
        return true;
    }

    /** Races the code on the team's own table: {@code table} makes its ground (keys and verification) on a target. */
    public JavaContender onTable(Function<Target, Ground> table) {
        this.table = table;
        return this;
    }

    @Override
    public Ground ground(Target target, Schema schema) {
        return table != null ? table.apply(target) : GatedContender.super.ground(target, schema);
    }

    @Override
    public boolean namesItsTables() {
        return true;
    }

    @Override
    public Lineup open(Arena arena) throws SQLException {
        if (arena.config().gate()) {
            return gated(arena, null);
        }
        return direct(arena);
    }

    @Override
    public Lineup open(Arena arena, List<StatementHook> hooks) throws SQLException {
        return gated(arena, hooks);
    }

    /**
     * Each caller behind a statement gate of its own: a small pool through its gate, which the DataSource serves to
     * the code on the caller's thread, so that the ORM's statements are the caller's.
     */
    /** @param hooks one per caller; null for an aimed race's barrier (driven by each gate), or nothing in a free race */
    private Lineup gated(Arena arena, List<StatementHook> hooks) throws SQLException {
        RaceConfig cfg = arena.config();
        if (dataSource == null || !dataSource.serves(arena.target())) {
            dataSource = RaceDataSource.of(arena.target());
        }
        List<AutoCloseable> opened = new ArrayList<>();
        Runnable closeAll = () -> {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing what was opened
                }
            }
        };
        try {
            List<JavaCaller> callers = new ArrayList<>();
            String isolation = null;
            Map<String, String> settings = Map.of();
            for (int i = 0; i < cfg.threads(); i++) {
                Target node = arena.target().nodeOf(i);
                Endpoint e = node.endpoint();
                Aligner.Passage passage = arena.aligner().passage();
                StatementHook hook = hooks != null ? hooks.get(i)
                        : cfg.alignAt() == AlignAt.FREE ? StatementHook.NONE
                        : new AlignedHook(passage, arena.ground().table());
                Gate gate;
                try {
                    gate = Gate.open(e.family(), e.host(), e.port(), hook);
                } catch (IOException x) {
                    throw new SQLException("the statement gate could not listen on a loopback port: " + x.getMessage(), x);
                }
                opened.add(gate);
                HikariDataSource pool = node.through(gate.port(), null).pool(name + "-gate" + i, 2, arena.isolation(),
                        cfg.callTimeout(), true, cfg.settings());
                opened.add(0, pool);                            // pools close before their gates
                if (isolation == null) {
                    try (Connection c = pool.getConnection()) {
                        isolation = arena.dialect().readIsolation(c).key();
                        settings = arena.dialect().readSettings(c, cfg.settings());
                        c.rollback();
                    }
                }
                callers.add(new JavaCaller(name, code, pool, dataSource, arena.ground(), arena.dialect(), arena.samples())
                        .servingTheDataSource(passage, gate));
            }
            return new Lineup(callers, isolation, settings, closeAll::run);
        } catch (SQLException | RuntimeException e) {
            closeAll.run();
            throw e;
        }
    }

    private Lineup direct(Arena arena) throws SQLException {
        RaceConfig cfg = arena.config();
        if (dataSource == null || !dataSource.serves(arena.target())) {
            dataSource = RaceDataSource.of(arena.target());
        }
        // the threads' own connections, and as many again for an ORM's connections of its own
        HikariDataSource pool = arena.target().pool(name, 2 * cfg.threads(), arena.isolation(), cfg.callTimeout(), true,
                cfg.settings());
        String isolation;
        Map<String, String> settings;
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
