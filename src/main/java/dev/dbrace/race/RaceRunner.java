package dev.dbrace.race;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.measure.Latency;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.outcome.Tally;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.verify.Ledger;
import dev.dbrace.verify.Verification;
import dev.dbrace.verify.Verifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * Races one strategy on one target: fresh tables, a pool with one connection per thread, all
 * threads released together, then the table read back and verified.
 *
 * <pre>{@code
 * StrategyResult r = new RaceRunner(target).run(new NaiveStrategy(), null,
 *         new RaceConfig(8, 500, null, 0, Duration.ofSeconds(5)));
 * }</pre>
 */
public final class RaceRunner {

    /** Keys whose parent rows are created per preparation step (a few hundred milliseconds at most). */
    private static final long PREPARE_STEP = 20_000;

    private final Target target;
    private final boolean keepTables;
    private volatile RoundGate gate;
    private volatile List<Worker> workers = List.of();
    private volatile boolean cancelled;

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
            n += w.calls;
        }
        return n;
    }

    /** Calls so far that did not return a row. */
    public long anomaliesSoFar() {
        long n = 0;
        for (Worker w : workers) {
            n += w.anomalies;
        }
        return n;
    }

    /** Stops the current race after the calls in flight; the partial result is still verified. */
    public void cancel() {
        cancelled = true;
        stopWorkers();
    }

    private void stopWorkers() {
        RoundGate g = gate;
        if (g != null) {
            g.stop();
        }
        for (Worker w : workers) {
            w.stop();
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /**
     * @param requested the isolation for strategies that do not fix their own; null for the server default
     */
    public StrategyResult run(Strategy strategy, Isolation requested, RaceConfig cfg) throws SQLException, InterruptedException {
        Dialect dialect = target.dialect();
        Schema schema = new Schema(dialect);
        Isolation isolation = strategy.isolation() != null ? strategy.isolation() : requested;
        Ledger ledger = new Ledger();
        Samples samples = new Samples();
        try (Connection admin = target.connect()) {
            schema.recreate(admin);
            long[] prepared = {0};
            RoundGate.Preparer prepare = k -> {
                if (k >= prepared[0]) {
                    prepared[0] = cfg.duration() == null ? Math.min(cfg.warmup() + cfg.rounds(), k + PREPARE_STEP)
                            : k + PREPARE_STEP;
                    schema.ensureParents(admin, KeySpace.thingsFor(prepared[0]), KeySpace.ownersFor(prepared[0]));
                    ledger.ensureCapacity(prepared[0]);
                }
            };
            if (cfg.hotKeyMode()) {
                schema.ensureParents(admin, KeySpace.thingsFor(cfg.hotKeys()), KeySpace.ownersFor(cfg.hotKeys()));
                ledger.ensureCapacity(cfg.hotKeys());
            } else {
                try {
                    prepare.prepare(0);
                } catch (Exception e) {
                    throw e instanceof SQLException se ? se : new SQLException(e);
                }
            }

            String isolationRead;
            long keysStarted;
            long measuredRounds;
            long[] startNanos = {0};
            long endNanos;
            List<Worker> crew = new ArrayList<>();
            try (HikariDataSource pool = target.pool(strategy.name(), cfg.threads(), isolation, cfg.callTimeout())) {
                List<Connection> connections = new ArrayList<>();
                for (int i = 0; i < cfg.threads(); i++) {
                    connections.add(pool.getConnection());
                }
                isolationRead = dialect.readIsolation(connections.get(0)).key();
                connections.get(0).rollback();

                CyclicBarrier start = new CyclicBarrier(cfg.threads(), () -> startNanos[0] = System.nanoTime());
                int bound = Math.max(3, cfg.threads());
                ServerWatch watch = new ServerWatch(bound, this::stopWorkers);
                RoundGate roundGate = cfg.hotKeyMode() ? null : new RoundGate(cfg.threads(), cfg.warmup(),
                        cfg.duration() == null ? cfg.rounds() : Long.MAX_VALUE,
                        cfg.duration() == null ? Long.MAX_VALUE : cfg.duration().toNanos(), cfg.intervalNanos(), prepare);
                this.gate = roundGate;
                for (int i = 0; i < cfg.threads(); i++) {
                    crew.add(new Worker(i, connections.get(i), pool, dialect, schema.myobj(), strategy, cfg,
                            roundGate, start, ledger, samples, startNanos, watch));
                }
                this.workers = crew;
                if (cancelled) {
                    cancel();
                }
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < crew.size(); i++) {
                    Thread t = new Thread(crew.get(i), "dbrace-" + strategy.name() + "-" + i);
                    t.setDaemon(true);
                    threads.add(t);
                    t.start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                endNanos = System.nanoTime();
                keysStarted = roundGate == null ? 0 : roundGate.started();
                measuredRounds = roundGate == null ? 0 : roundGate.measured();
                if (roundGate != null && roundGate.measuredStartNanos() != 0) {
                    startNanos[0] = roundGate.measuredStartNanos();     // the warm-up is not timed
                }
                if (watch.gone()) {
                    throw new ServerGoneException(strategy.name(), bound, watch.lastError());
                }
                if (roundGate != null && roundGate.failure() != null) {
                    throw new SQLException("preparing keys failed: " + roundGate.failure().getMessage(), roundGate.failure());
                }
                for (Worker w : crew) {
                    if (w.crash != null) {
                        throw new IllegalStateException("worker crashed: " + w.crash, w.crash);
                    }
                }
            }

            Tally<Outcome> outcomes = new Tally<>(Outcome.class);
            Tally<DbError> errors = new Tally<>(DbError.class);
            Latency latency = new Latency();
            long[] retries = new long[Worker.RETRY_SLOTS];
            long calls = 0;
            long maxPerThread = 0;
            long firstAnomaly = 0;
            for (Worker w : crew) {
                outcomes.addAll(w.outcomes);
                errors.addAll(w.errors);
                latency.add(w.latency);
                for (int i = 0; i < retries.length; i++) {
                    retries[i] += w.retriesPerCall[i];
                }
                calls += w.calls;
                maxPerThread = Math.max(maxPerThread, w.calls);
                if (w.firstRaceAnomalyNanos != 0 && (firstAnomaly == 0 || w.firstRaceAnomalyNanos < firstAnomaly)) {
                    firstAnomaly = w.firstRaceAnomalyNanos;
                }
            }
            long keysUsed = cfg.hotKeyMode() ? cfg.hotKeys() : keysStarted;
            Verification verification;
            // a fresh connection: the set-up one may have been killed during the race
            try (Connection check = target.connect()) {
                verification = Verifier.verify(check, schema.myobj(), ledger, keysUsed);
                if (!keepTables) {
                    schema.drop(check);
                }
            }
            long rounds = cfg.hotKeyMode() ? maxPerThread : measuredRounds;
            return new StrategyResult(target.label(), dialect.product(), dialect.version(),
                    strategy.name(), strategy.summary(), isolationRead, cfg.priorRead(), cfg.threads(), cfg.mode(),
                    rounds, calls, outcomes, errors, retries, latency, endNanos - startNanos[0],
                    firstAnomaly == 0 ? -1 : Math.max(0, firstAnomaly - startNanos[0]), verification, samples.asMap());
        } finally {
            this.workers = List.of();
            this.gate = null;
        }
    }
}
