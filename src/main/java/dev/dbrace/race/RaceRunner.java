package dev.dbrace.race;

import dev.dbrace.db.CatchUp;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.fault.FaultPlan;
import dev.dbrace.measure.Moment;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.outcome.Tally;
import dev.dbrace.strategy.KeySpace;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.topology.Cluster;
import dev.dbrace.verify.Creators;
import dev.dbrace.verify.Forensics;
import dev.dbrace.verify.HistoryCheck;
import dev.dbrace.verify.Ledger;
import dev.dbrace.verify.Verification;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private volatile List<HistoryCheck.Call> history = List.of();

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

    /** Every call of the last race through a fault ({@link RaceConfig#fault}), as the history check read it; empty otherwise. */
    public List<HistoryCheck.Call> history() {
        return history;
    }

    /** True when a {@link #cancel} stopped the last race before its schedule ended (its result is partial). */
    public boolean cutShort() {
        return cutShort;
    }

    /** Races on dbrace's own tables; see {@link #run(Contender, Isolation, RaceConfig, Ground)}. */
    public StrategyResult run(Contender contender, Isolation requested, RaceConfig cfg) throws SQLException, InterruptedException {
        return run(contender, requested, cfg, null);
    }

    /** Races one of dbrace's own strategies; see {@link #run(Contender, Isolation, RaceConfig, Ground)}. */
    public StrategyResult run(Strategy strategy, Isolation requested, RaceConfig cfg) throws SQLException, InterruptedException {
        return run(new BuiltIn(strategy), requested, cfg);
    }

    /**
     * @param requested the isolation for contenders that do not fix their own; null for the server default
     * @param own       the user's own table to race on; null for dbrace's
     * @throws ContenderFailedException when the contender's callers broke (a worker that exited or broke
     *                                  the protocol): the race stopped, and what it made is verified and attached
     */
    public StrategyResult run(Contender contender, Isolation requested, RaceConfig cfg, Ground own)
            throws SQLException, InterruptedException {
        Dialect dialect = target.dialect();
        Schema schema = new Schema(dialect);
        Ground ground = own != null ? own : contender.ground(target, schema);
        if (!contender.racesOn(ground)) {
            throw new IllegalArgumentException(contender.name() + " races only on dbrace's own tables, not on " + ground.table());
        }
        Isolation isolation = contender.isolation() != null ? contender.isolation() : requested;
        if (cfg.alignAt() != AlignAt.FREE && !(contender instanceof BuiltIn) && !(cfg.gate() && contender.passesGate())) {
            throw new IllegalArgumentException("--align-at aims dbrace's own strategies; the statements of "
                    + contender.name() + " run where dbrace cannot hold them at a step");
        }
        FaultPlan plan = cfg.fault();
        Cluster cluster = null;
        if (plan.planned()) {
            cluster = target.part(Cluster.class).orElseThrow(() -> new IllegalArgumentException("--fault strikes a "
                    + "cluster dbrace started (--db patroni); " + target.label() + " is not one"));
            if (!ground.dbraces()) {
                throw new IllegalArgumentException("--fault checks the history against dbrace's own tables; "
                        + contender.name() + " races on " + ground.table());
            }
            plan.fault().check(cluster);
        }
        Aligner aligner = cfg.alignAt() == AlignAt.FREE ? Aligner.NONE : new Aligner(cfg.alignAt(), cfg.threads());
        Ledger ledger = new Ledger();
        Creators creators = new Creators();
        try (Connection admin = target.connect()) {
            ground.prepare(admin);
            KeySchedule keys = schedule(cfg, ground, admin, ledger);
            CatchUp.await(target);                  // the read server and the other nodes have the tables and keys
            List<NodeSurvey.Seen> before = NodeSurvey.take(target);
            Raced raced;
            CallHistory history = plan.planned() ? new CallHistory(nodeNames(cfg.threads())) : CallHistory.NONE;
            // through a fault, failed reconnects are the failover: the fault's own bound ends a race that never heals
            int gone = plan.planned() ? Integer.MAX_VALUE : Math.max(3, cfg.threads());
            try (LagWatch lag = LagWatch.on(target, ground)) {
                raced = race(contender, new Arena(target, dialect, schema, ground, isolation, cfg, new Samples(),
                        new ServerWatch(gone, keys::stop), aligner, creators), keys, ledger, lag, history, cluster);
            } catch (Caller.Broken e) {
                releaseQuietly(ground);    // it broke before the first call: there is nothing to verify
                throw new ContenderFailedException(e.getMessage(), null, e);
            } catch (RuntimeException e) {
                releaseQuietly(ground);    // refused before the first call (a setting it cannot run with): the same
                throw e;
            }
            CatchUp.await(target);                  // verification reads one server: it must hold every node's writes
            StrategyResult.Spread spread = before.isEmpty() ? StrategyResult.Spread.NONE : new StrategyResult.Spread(
                    NodeSurvey.counts(before, NodeSurvey.take(target), raced.perNode(), cfg.threads()), raced.lag());
            Checked checked;
            try {
                checked = verify(ground, ledger, keys.keysUsed(), creators, history.on());
            } catch (SQLException e) {
                if (!history.on()) {
                    throw e;
                }
                // a cluster that did not come back after the fault: report what the callers saw, and that no table was read
                checked = new Checked(new Verification(false, 1, List.of("the table could not be read after the fault ("
                        + e.getMessage() + "): nothing was verified, and the history was not checked"), 0,
                        keys.keysUsed(), 0), null);
            }
            Verification verification = checked.verification();
            StrategyResult.Failover failover = StrategyResult.Failover.NONE;
            if (history.on()) {
                FaultDriver driver = raced.driver();
                this.history = history.calls();
                failover = FailoverReport.of(plan, driver.node(), driver.failure(), driver.boundPassed(),
                        this.history, checked.table(), history.firstStartNanos(), driver.strikeStartNanos(),
                        history.healedNanos());
                verification = verification.withProblems(FailoverReport.problems(failover), failover.findings());
            }
            StrategyResult result = new StrategyResult(
                    new StrategyResult.Server(target.label(), dialect.product(), dialect.version()),
                    new StrategyResult.Setup(contender.name(), contender.summary(), raced.isolationRead(),
                            raced.settingsRead(), cfg.priorRead(),
                            cfg.threads(), cfg.mode(), new StrategyResult.Alignment(cfg.alignAt().key(), aligner.aligned(),
                                    aligner.unaligned())),
                    new StrategyResult.Counts(keys.rounds(raced.stats()), raced.stats().calls, raced.stats().outcomes,
                            raced.stats().errors, raced.stats().errorsComplete, raced.stats().retries,
                            raced.firstAnomalyNanos(), raced.samples().asMap(), raced.roundsWith(),
                            raced.samples().swimlanes()),
                    new StrategyResult.Timing(raced.stats().latency, raced.wallNanos(), raced.cpuNanos()),
                    verification, spread, failover);
            if (raced.broken() != null) {
                throw new ContenderFailedException(raced.broken().getMessage(), result, raced.broken());
            }
            return result;
        } finally {
            this.workers = List.of();
            this.schedule = null;
        }
    }

    /**
     * What the threads did, merged once they had stopped.
     *
     * @param broken the first caller failure that stopped the race, or null
     */
    private record Raced(WorkerStats stats, Tally<Outcome> roundsWith,
                         List<WorkerStats> perNode, ReplicationLag lag, Samples samples,
                         String isolationRead, Map<String, String> settingsRead,
                         long wallNanos, long cpuNanos, long firstAnomalyNanos, Caller.Broken broken,
                         FaultDriver driver) {
    }

    /** The table's verdict, and each key's ids in it when a fault's history is to be checked against it (null: unread). */
    private record Checked(Verification verification, Map<String, Set<Long>> table) {
    }

    /** The node each thread writes through, by thread index. */
    private String[] nodeNames(int threads) {
        String[] names = new String[threads];
        for (int i = 0; i < threads; i++) {
            names[i] = target.nodeOf(i).label();
        }
        return names;
    }

    private KeySchedule schedule(RaceConfig cfg, Ground ground, Connection admin, Ledger ledger) throws SQLException {
        try {
            KeySchedule keys = cfg.hotKeyMode() ? new HotKeySchedule(cfg, ground, admin, ledger)
                    : new RoundSchedule(cfg, ground, admin, ledger);
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

    /** Opens the callers, starts one thread per caller, waits for all of them, and merges what they counted. */
    private Raced race(Contender contender, Arena arena, KeySchedule keys, Ledger ledger, LagWatch lag,
                       CallHistory history, Cluster cluster) throws SQLException, InterruptedException, Caller.Broken {
        RaceConfig cfg = arena.config();
        try (Contender.Lineup lineup = contender.open(arena)) {
            Worker.Crew crew = new Worker.Crew(keys, new CyclicBarrier(cfg.threads(), keys::started), ledger, lag,
                    !cfg.hotKeyMode(), history);
            List<Worker> list = new ArrayList<>();
            for (int i = 0; i < cfg.threads(); i++) {
                list.add(new Worker(i, lineup.callers().get(i), crew));
            }
            this.workers = list;
            keys.onRelease(k -> list.forEach(w -> w.launch(k)));
            FaultDriver driver = null;
            Thread striker = null;
            if (history.on()) {
                driver = new FaultDriver(cfg.fault(), cluster, history, keys);
                striker = new Thread(driver, "dbrace-fault");
                striker.setDaemon(true);
                striker.start();
            }
            try {
                runAll(contender, list);
            } finally {
                if (driver != null) {
                    driver.finish();
                    striker.join();
                }
            }
            cutShort = cancelled;           // a cancel that came after the threads had finished cut nothing
            Moment end = Moment.now();
            Moment start = keys.measuredStart();
            if (arena.watch().gone() && driver == null) {
                throw new ServerGoneException(contender.name(), Math.max(3, cfg.threads()), arena.watch().lastError());
            }
            if (keys.failure() != null) {
                throw new SQLException("preparing keys failed: " + keys.failure().getMessage(), keys.failure());
            }
            WorkerStats merged = new WorkerStats();
            int nodeCount = arena.target().nodes().size();
            List<WorkerStats> perNode = new ArrayList<>();
            for (int n = 0; n < nodeCount; n++) {
                perNode.add(new WorkerStats());
            }
            Caller.Broken broken = null;
            for (Worker w : list) {
                perNode.get(w.index() % nodeCount).merge(w.stats);
                if (w.crash instanceof Caller.Broken b) {
                    broken = broken == null ? b : broken;
                } else if (w.crash != null) {
                    throw new IllegalStateException("worker crashed: " + w.crash, w.crash);
                }
                merged.merge(w.stats);
            }
            long first = merged.firstRaceAnomalyNanos;
            return new Raced(merged, merged.rounds.roundsWith(), perNode, lag.finish(), arena.samples(), lineup.isolation(), lineup.settings(), start.wallTo(end), start.cpuTo(end),
                    first == 0 ? -1 : Math.max(0, first - start.nanos()), broken, driver);
        }
    }

    private static void runAll(Contender contender, List<Worker> list) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Thread t = new Thread(list.get(i), "dbrace-" + contender.name() + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private void releaseQuietly(Ground ground) {
        try (Connection c = target.connect()) {
            ground.release(c, keepTables);
        } catch (SQLException ignored) {
            // the failure being reported matters more; the tables are marked as dbrace's and safe to drop later
        }
    }

    /**
     * Reads the table back on a fresh connection (the set-up one may have been killed during the race); when it
     * fails, asks every node about the creators' rows before the tables go.
     */
    private Checked verify(Ground ground, Ledger ledger, long keysUsed, Creators creators, boolean readIds)
            throws SQLException {
        try (Connection check = target.connect()) {
            Map<String, Set<Long>> table = readIds ? ids(check, ground) : Map.of();
            Verification verification = ground.verify(check, ledger, keysUsed);
            if (!verification.passed() && ground.dbraces() && !creators.keys().isEmpty()) {
                // dbrace's table, whose creators' statements were kept: a user's table has an id column of its own
                verification = verification.withDiagnoses(Forensics.examine(target.liveNodes(), ground.table(), creators));
            }
            ground.release(check, keepTables);
            return new Checked(verification, table);
        }
    }

    /** Each key's ids in dbrace's table, keyed as the history keys its calls (the key index). */
    private static Map<String, Set<Long>> ids(Connection c, Ground ground) throws SQLException {
        List<Map.Entry<String, Long>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT thing_id, owner_id, id FROM " + ground.table())) {
            while (rs.next()) {
                rows.add(Map.entry(Long.toString(KeySpace.index(rs.getLong(1), rs.getLong(2))), rs.getLong(3)));
            }
        }
        return HistoryCheck.table(rows);
    }
}
