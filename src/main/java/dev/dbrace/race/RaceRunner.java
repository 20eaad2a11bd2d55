package dev.dbrace.race;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.measure.Moment;
import dev.dbrace.outcome.Samples;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.verify.Ledger;
import dev.dbrace.verify.Verification;
import dev.dbrace.verify.Verifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * Races one strategy on one target: fresh tables, a key schedule, a pool with one connection per
 * thread, all threads released together, then the table read back and verified.
 *
 * <pre>{@code
 * StrategyResult r = new RaceRunner(target).run(new NaiveStrategy(), null, RaceConfig.rounds(8, 500));
 * }</pre>
 */
public final class RaceRunner {

    private final Target target;
    private final boolean keepTables;
    private volatile KeySchedule schedule;
    private volatile List<Worker> workers = List.of();
    private volatile boolean cancelled;
    private volatile boolean cutShort;

    public RaceRunner(Target target, boolean keepTables) {
        this.target = target;
        this.keepTables = keepTables;
    }

    public RaceRunner(Target target) {
        this(target, false);
    }

    /** Calls counted so far in the strategy being raced (warm-up excluded), for progress display. */
    public long callsSoFar() {
        long n = 0;
        for (Worker w : workers) {
            n += w.stats.calls;
        }
        return n;
    }

    /** Calls so far that did not return a row. */
    public long anomaliesSoFar() {
        long n = 0;
        for (Worker w : workers) {
            n += w.stats.anomalies;
        }
        return n;
    }

    /** Stops the current race after the calls in flight, and any later one before it starts; the partial result is still verified. */
    public void cancel() {
        cancelled = true;
        KeySchedule s = schedule;
        if (s != null) {
            s.stop();
        }
    }

    /** True when a {@link #cancel} stopped the last race before its schedule ended (its result is partial). */
    public boolean cutShort() {
        return cutShort;
    }

    /**
     * @param requested the isolation for strategies that do not fix their own; null for the server default
     */
    public StrategyResult run(Strategy strategy, Isolation requested, RaceConfig cfg) throws SQLException, InterruptedException {
        Dialect dialect = target.dialect();
        Schema schema = new Schema(dialect);
        Isolation isolation = strategy.isolation() != null ? strategy.isolation() : requested;
        Ledger ledger = new Ledger();
        try (Connection admin = target.connect()) {
            schema.recreate(admin);
            KeySchedule keys = schedule(cfg, schema, admin, ledger);
            Raced raced = race(strategy, isolation, cfg, dialect, schema, keys, ledger);
            Verification verification = verify(schema, ledger, keys.keysUsed());
            return new StrategyResult(
                    new StrategyResult.Server(target.label(), dialect.product(), dialect.version()),
                    new StrategyResult.Setup(strategy.name(), strategy.summary(), raced.isolationRead(), cfg.priorRead(),
                            cfg.threads(), cfg.mode()),
                    new StrategyResult.Counts(keys.rounds(raced.stats()), raced.stats().calls, raced.stats().outcomes,
                            raced.stats().errors, raced.stats().retries, raced.firstAnomalyNanos(), raced.samples().asMap()),
                    new StrategyResult.Timing(raced.stats().latency, raced.wallNanos(), raced.cpuNanos()),
                    verification);
        } finally {
            this.workers = List.of();
            this.schedule = null;
        }
    }

    /** What the threads did, merged once they had stopped. */
    private record Raced(WorkerStats stats, Samples samples, String isolationRead, long wallNanos, long cpuNanos,
                         long firstAnomalyNanos) {
    }

    private KeySchedule schedule(RaceConfig cfg, Schema schema, Connection admin, Ledger ledger) throws SQLException {
        try {
            KeySchedule keys = cfg.hotKeyMode() ? new HotKeySchedule(cfg, schema, admin, ledger)
                    : new RoundSchedule(cfg, schema, admin, ledger);
            this.schedule = keys;
            if (cancelled) {
                keys.stop();
            }
            return keys;
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException(e);
        }
    }

    /** Opens the pool, starts one thread per worker, waits for all of them, and merges what they counted. */
    private Raced race(Strategy strategy, Isolation isolation, RaceConfig cfg, Dialect dialect, Schema schema,
                       KeySchedule keys, Ledger ledger) throws SQLException, InterruptedException {
        Samples samples = new Samples();
        int bound = Math.max(3, cfg.threads());
        ServerWatch watch = new ServerWatch(bound, keys::stop);
        try (HikariDataSource pool = target.pool(strategy.name(), cfg.threads(), isolation, cfg.callTimeout())) {
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < cfg.threads(); i++) {
                connections.add(pool.getConnection());
            }
            String isolationRead = dialect.readIsolation(connections.get(0)).key();
            connections.get(0).rollback();
            Worker.Crew crew = new Worker.Crew(pool, dialect, schema.myobj(), strategy, cfg.priorRead(), keys,
                    new CyclicBarrier(cfg.threads(), keys::started), ledger, samples, watch);
            List<Worker> list = new ArrayList<>();
            for (int i = 0; i < cfg.threads(); i++) {
                list.add(new Worker(i, connections.get(i), crew));
            }
            this.workers = list;
            runAll(strategy, list);
            cutShort = cancelled;           // a cancel that came after the threads had finished cut nothing
            Moment end = Moment.now();
            Moment start = keys.measuredStart();
            if (watch.gone()) {
                throw new ServerGoneException(strategy.name(), bound, watch.lastError());
            }
            if (keys.failure() != null) {
                throw new SQLException("preparing keys failed: " + keys.failure().getMessage(), keys.failure());
            }
            WorkerStats merged = new WorkerStats();
            for (Worker w : list) {
                if (w.crash != null) {
                    throw new IllegalStateException("worker crashed: " + w.crash, w.crash);
                }
                merged.merge(w.stats);
            }
            long first = merged.firstRaceAnomalyNanos;
            return new Raced(merged, samples, isolationRead, start.wallTo(end), start.cpuTo(end),
                    first == 0 ? -1 : Math.max(0, first - start.nanos()));
        }
    }

    private static void runAll(Strategy strategy, List<Worker> list) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Thread t = new Thread(list.get(i), "dbrace-" + strategy.name() + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** Reads the table back on a fresh connection (the set-up one may have been killed during the race). */
    private Verification verify(Schema schema, Ledger ledger, long keysUsed) throws SQLException {
        try (Connection check = target.connect()) {
            Verification verification = Verifier.verify(check, schema.myobj(), ledger, keysUsed);
            if (!keepTables) {
                schema.drop(check);
            }
            return verification;
        }
    }
}
