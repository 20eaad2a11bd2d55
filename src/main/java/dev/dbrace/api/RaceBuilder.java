package dev.dbrace.api;

import dev.dbrace.campaign.Plan;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.inproc.JavaContender;
import dev.dbrace.inproc.RaceDataSource;
import dev.dbrace.race.BuiltIn;
import dev.dbrace.race.Contender;
import dev.dbrace.race.Ground;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.ResultFiles;
import dev.dbrace.report.RunReport;
import dev.dbrace.strategy.Strategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How to race, set step by step; {@link #run()} or {@link #runAll()} races. Defaults: 8 threads, 200 rounds, the server's isolation. */
public final class RaceBuilder {

    private final Target target;
    private final RaceDataSource dataSource;
    private final List<Contender> contenders = new ArrayList<>();
    private final List<Isolation> levels = new ArrayList<>(Arrays.asList((Isolation) null));
    private RaceConfig config = RaceConfig.rounds(8, 200);
    private Path outDir;
    private boolean keep;
    private Ground ground;

    RaceBuilder(Target target, RaceDataSource dataSource) {
        this.target = target;
        this.dataSource = dataSource;
    }

    RaceBuilder code(String name, GetOrCreate code) {
        contenders.add(new JavaContender(name, code, dataSource));
        return this;
    }

    RaceBuilder strategies(String... names) {
        for (String n : names) {
            contenders.add(new BuiltIn(Strategies.byName(n)));
        }
        return this;
    }

    /** Also races {@code code}, in the same runs. */
    public RaceBuilder and(String name, GetOrCreate code) {
        return code(name, code);
    }

    /** Also races these strategies of dbrace's. */
    public RaceBuilder andStrategies(String... names) {
        return strategies(names);
    }

    public RaceBuilder threads(int threads) {
        config = config.withThreads(threads);
        return this;
    }

    /** Keys raced, one round each, all threads on the same fresh key at once. */
    public RaceBuilder rounds(long rounds) {
        config = config.withRounds(rounds);
        return this;
    }

    /** Race for this long instead of counting rounds. */
    public RaceBuilder duration(Duration d) {
        config = config.withDuration(d);
        return this;
    }

    /** Hot-key mode: threads run freely over {@code keys} keys, mixing creates and finds. */
    public RaceBuilder hotKeys(int keys) {
        config = config.withHotKeys(keys);
        return this;
    }

    public RaceBuilder warmup(long rounds) {
        config = config.withWarmup(rounds);
        return this;
    }

    /** The longest one lock wait may take (default 5 s). */
    public RaceBuilder callTimeout(Duration d) {
        config = config.withCallTimeout(d);
        return this;
    }

    /** Each transaction reads the table first, as request handlers do (dbrace's strategies; your code reads {@link Call}). */
    public RaceBuilder priorRead(boolean priorRead) {
        config = config.withPriorRead(priorRead);
        return this;
    }

    /** The levels to race at: read-committed, repeatable-read, serializable; none for the server's default. */
    public RaceBuilder isolation(String... isolation) {
        levels.clear();
        for (String l : isolation) {
            levels.add(Isolation.parse(l));
        }
        if (levels.isEmpty()) {
            levels.add(null);
        }
        return this;
    }

    /** Races on your own table instead of dbrace's (your code only: dbrace's strategies know only their own tables). */
    public RaceBuilder table(OwnTable table) {
        this.ground = table.ground(target);
        return this;
    }

    /**
     * Server settings every racing connection runs with, e.g. {@code set("innodb_snapshot_isolation", "ON")};
     * read back, and shown in every report.
     */
    public RaceBuilder set(String name, String value) {
        config = config.withSettings(config.settings().with(name, value));
        return this;
    }

    /** Writes dbrace's result files (summary.json, summary.csv, report.html, latency.hlog) here. */
    public RaceBuilder outDir(Path dir) {
        this.outDir = dir;
        return this;
    }

    /**
     * Races the code through dbrace's statement gate: each caller's connections pass it, so a call that returns
     * {@link Seen#returned} is told created or found by the statements it sent, and a failing call's sample shows them.
     */
    public RaceBuilder throughGate() {
        config = config.withGate(true);
        return this;
    }

    /** Keeps dbrace's tables after the race, for inspection. */
    public RaceBuilder keepTables(boolean keep) {
        this.keep = keep;
        return this;
    }

    /** Races the one contender at the one level; see {@link #runAll()}. */
    public Result run() {
        List<Result> all = runAll();
        if (all.size() != 1) {
            throw new IllegalStateException("run() races one thing at one level; this builder raced " + all.size()
                    + ": use runAll()");
        }
        return all.get(0);
    }

    /**
     * Races every contender at every level, in order, each on fresh tables.
     *
     * @throws IllegalStateException when a race could not be run (the database refused, the code broke dbrace's pool)
     */
    public List<Result> runAll() {
        Instant started = Instant.now();
        RaceRunner runner = new RaceRunner(target, keep);
        List<StrategyResult> raced = new ArrayList<>();
        try {
            for (Plan.Entry e : Plan.of(contenders, levels, config).entries()) {
                if (!e.contender().supportedBy(target.dialect())) {
                    continue;
                }
                raced.add(runner.run(e.contender(), e.isolation(), config, ground));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dbrace could not race on " + target.label() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        RunReport report = report(started, raced);
        if (outDir != null) {
            try {
                ResultFiles.writeAll(outDir, report);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write dbrace's results to " + outDir, e);
            }
        }
        return raced.stream().map(r -> new Result(r, report)).toList();
    }

    private RunReport report(Instant started, List<StrategyResult> raced) throws IllegalStateException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("databases", List.of(target.label()));
        c.put("strategies", contenders.stream().map(Contender::name).toList());
        c.put("threads", config.threads());
        c.put("mode", config.mode());
        c.put("rounds", config.duration() == null ? config.rounds() : null);
        c.put("duration_s", config.duration() == null ? null : config.duration().toMillis() / 1000.0);
        c.put("prior_read", config.priorRead());
        c.put("call_timeout_ms", config.callTimeout().toMillis());
        List<RunReport.TargetInfo> targets = new ArrayList<>();
        try {
            targets.add(new RunReport.TargetInfo(target.label(), target.dialect().product(), target.dialect().version()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new RunReport(RunReport.dbraceVersion(), started, c, targets, raced, List.of(), false);
    }
}
