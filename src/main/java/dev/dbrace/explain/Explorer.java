package dev.dbrace.explain;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.api.OwnTable;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.gate.GateSession;
import dev.dbrace.gate.StatementHook;
import dev.dbrace.gate.WireStatement;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.race.Aligner;
import dev.dbrace.race.Arena;
import dev.dbrace.race.Caller;
import dev.dbrace.race.Contender;
import dev.dbrace.race.DbraceGround;
import dev.dbrace.race.GatedContender;
import dev.dbrace.race.Ground;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.ServerWatch;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.KeySpace;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.verify.Creators;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code explain --all}: runs a strategy in two or three sessions under every interleaving of their statements,
 * against the real server, on a fresh key each time, and groups the interleavings by what the two callers saw.
 *
 * <p>Depth-first, by replay: a run follows a prefix of choices ("at the k-th point where several sessions could
 * send their next stop, this one went first"), then lets the first go wherever it has not been told; the next run
 * moves the last such choice on to the next session. Which statements are stops, and which orders are merged
 * (sleep sets), follow the stated dependence relation ({@link Dependence}, {@link Stops}); a run's class of
 * equivalent orders is its Foata normal form ({@link TraceClass}). Branches follow the server: after a duplicate key
 * a session takes its error path, and only the statements it really sends are interleaved. A granted statement that
 * the server shows waiting for a lock ({@link Dialect#lockWaiters}) is blocked: the others go on, and the blocked one
 * is taken up again when its statement returns. Past half the budget the runs are PCT samples
 * ({@link PctSchedule}). What the model assumes, so that it drops no outcome: the relation holds (the tests check
 * it against the unreduced search); the server answers the same prefix the same way (a run where it did not is
 * counted as diverged); a locking statement neither returning nor shown waiting for {@link #STALL_NANOS} is taken
 * as blocked.
 */
public final class Explorer {

    /** A granted statement silent this long, and not shown waiting for a lock, is taken as blocked (a fallback). */
    static final long STALL_NANOS = 400_000_000L;
    /** How long a statement may be out before the server is asked whether it waits (most return sooner). */
    private static final long QUIET_NANOS = 300_000L;
    private static final long RUN_BOUND_NANOS = 60_000_000_000L;
    /** PCT's depth: outcomes that need up to this many ordering constraints get its guarantee. */
    public static final int DEFAULT_PCT_DEPTH = 3;
    /** Parent rows are added for this many keys at a time. */
    private static final long PARENTS_AHEAD = 1000;
    /** What {@link #shape} makes alike: a savepoint's name, a string literal, a number. */
    private static final Pattern SAVEPOINT_NAME = Pattern.compile("(?i)(SAVEPOINT\\s+)[`\"]?[A-Za-z0-9_]+[`\"]?");
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");

    private final Target target;
    private final StopClock clock;
    /**
     * A statement the explorer cannot read has been let go in this exploration, warm-up included: from then on the lock
     * views of metadata and table locks are read too, as such a lock may outlive its run on its connection.
     */
    private boolean tableLocksTaken;
    private volatile long runsSoFar;
    private volatile long classesSoFar;
    private volatile boolean samplingNow;

    public Explorer(Target target) {
        this(target, StopClock.fromProperty());
    }

    /** With {@code clock} recording where the exploration's time goes (printed on stderr when it ends). */
    Explorer(Target target, StopClock clock) {
        this.target = target;
        this.clock = clock;
    }

    /** Runs made so far by the exploration going on (those cut short included), for a progress line. */
    public long runsSoFar() {
        return runsSoFar;
    }

    /** Distinct classes of orders met so far. */
    public long classesSoFar() {
        return classesSoFar;
    }

    /** True once the depth-first part is over and the runs are PCT samples. */
    public boolean sampling() {
        return samplingNow;
    }

    /**
     * What to explore, and how far.
     *
     * @param sessions         2 or 3
     * @param maxInterleavings stop after this many runs (those cut short as redundant included); the result then
     *                         says it is incomplete
     * @param prune            merge the orders of statements that are independent ({@link Dependence}) instead of
     *                         running each
     * @param firstAborts      first-inserter-aborts: T1's caller rolls its transaction back where the strategy
     *                         commits (a request that fails after its get-or-create), while the others wait on its key
     * @param unreduced        every statement a stop and every order run: nothing glued, nothing merged (the search
     *                         the reduced one is tested against)
     * @param seed             the seed of the PCT samples ({@link PctSchedule}) taken when the depth-first search has
     *                         not finished within half of {@code maxInterleavings}
     * @param pctDepth         the depth d those samples are drawn for
     */
    public record Options(int sessions, long maxInterleavings, boolean prune, boolean firstAborts, boolean unreduced,
                          long seed, int pctDepth) {

        public Options {
            if (sessions < 2 || sessions > 3) {
                throw new IllegalArgumentException("--sessions takes 2 or 3, not " + sessions);
            }
        }

        /** Exact counts for two sessions; merged orders for three, whose space is some thousand times larger. */
        public static Options of(int sessions, long maxInterleavings) {
            return new Options(sessions, maxInterleavings, sessions >= 3, false, false, System.nanoTime(), DEFAULT_PCT_DEPTH);
        }

        public Options pruned(boolean on) {
            return new Options(sessions, maxInterleavings, on, firstAborts, unreduced && !on, seed, pctDepth);
        }

        public Options firstInserterAborts() {
            return new Options(sessions, maxInterleavings, prune, true, unreduced, seed, pctDepth);
        }

        /** Every statement a stop, every order run. */
        public Options unreducedSearch() {
            return new Options(sessions, maxInterleavings, false, firstAborts, true, seed, pctDepth);
        }

        /** The seed of the PCT samples taken when the depth-first search does not finish within half the budget. */
        public Options seeded(long s) {
            return new Options(sessions, maxInterleavings, prune, firstAborts, unreduced, s, pctDepth);
        }
    }

    /** @param requested the level for strategies that do not fix their own; null for the server default */
    public Exploration explore(Strategy strategy, Isolation requested, boolean priorRead, Settings settings, Options options)
            throws SQLException, InterruptedException {
        int sessions = options.sessions();
        long startNanos = System.nanoTime();
        Dialect dialect = target.dialect();
        Schema schema = new Schema(dialect, "dbrace_explore_");
        Ground ground = new DbraceGround(schema);
        Isolation isolation = strategy.isolation() != null ? strategy.isolation() : requested;
        try (Connection admin = target.connect()) {
            ground.prepare(admin);
            try (HikariDataSource pool = target.pool("explore", sessions, isolation, Duration.ofSeconds(3), false, settings)) {
                List<Connection> connections = new ArrayList<>();
                long[] ids = new long[sessions];
                for (int i = 0; i < sessions; i++) {
                    connections.add(pool.getConnection());
                    ids[i] = dialect.sessionId(connections.get(i));
                    connections.get(i).rollback();
                }
                String isolationRead = dialect.readIsolation(connections.get(0)).key();
                connections.get(0).rollback();
                Dependence rules = Dependence.of(target.endpoint().family(), isolationRead, serverDefaultLevel(), specialTables());
                try {
                    return search(strategy.name(), isolationRead, rules, ground, admin, options, startNanos, keyIndex -> {
                        Key key = KeySpace.key(keyIndex);
                        List<Session> ss = new ArrayList<>();
                        for (Connection c : connections) {
                            ss.add(ss.isEmpty() && options.firstAborts()
                                    ? Session.rollingBackAtCommit(c, dialect, schema.myobj(), new ErrorLog(), priorRead)
                                    : session(c, dialect, schema, priorRead));
                        }
                        return new Cast() {
                            @Override
                            public Stepping[] make(Recorder recorder, Moves moves) {
                                Stepping[] st = new Stepping[sessions];
                                for (int i = 0; i < sessions; i++) {
                                    st[i] = new Stepper(i + 1, ss.get(i), strategy, key, i % 2 == 0, recorder, moves, ids[i],
                                            new Stops(rules, options.unreduced()));
                                }
                                return st;
                            }

                            @Override
                            public void close() {
                                ss.forEach(Session::close);
                            }
                        };
                    });
                } finally {
                    connections.forEach(c -> {
                        try {
                            c.close();
                        } catch (SQLException ignored) {
                            // the pool closes it anyway
                        }
                    });
                }
            } finally {
                ground.release(admin, false);
            }
        }
    }

    /**
     * {@code explain --all --worker} (and the user's Java code): the same search over the code's calls, a caller per
     * session (a worker process, or a thread of the Java code), each behind a statement gate of its own that parks
     * its statements ({@link GatedStepper}). A worker races on dbrace's exploration tables, told in its hello; Java
     * code on the tables its mapping names. The witnesses are the statements the code's ORM sent.
     */
    public Exploration explore(GatedContender code, Isolation requested, Settings settings,
                               Options options) throws SQLException, InterruptedException, Caller.Broken {
        return explore(code, null, requested, settings, options);
    }

    /**
     * The same on {@code own}, the team's table (the user's Java code with an {@link OwnTable}); null for
     * the table the code is told or names itself.
     */
    public Exploration explore(GatedContender code, Ground own, Isolation requested,
                               Settings settings, Options options)
            throws SQLException, InterruptedException, Caller.Broken {
        if (options.firstAborts()) {
            throw new IllegalArgumentException("--scenario first-inserter-aborts rolls back dbrace's own strategies' "
                    + "COMMIT; the transaction of " + code.name() + " is its own");
        }
        int sessions = options.sessions();
        long startNanos = System.nanoTime();
        Dialect dialect = target.dialect();
        Schema schema = code.namesItsTables() ? new Schema(dialect) : new Schema(dialect, "dbrace_explore_");
        Ground ground = own != null ? own : code.ground(target, schema);      // dbrace's, or the team's
        try (Connection admin = target.connect()) {
            ground.prepare(admin);
            RaceConfig cfg = RaceConfig.rounds(sessions, 1).withGate(true)
                    .withSettings(settings);
            Arena arena = new Arena(target, dialect, schema,
                    ground, requested, cfg, new Samples(),
                    new ServerWatch(3, () -> { }), Aligner.NONE,
                    Creators.NONE);
            List<Relay> relays = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                relays.add(new Relay());
            }
            try (Contender.Lineup lineup = code.open(arena, List.copyOf(relays))) {
                Dependence rules = Dependence.of(target.endpoint().family(), lineup.isolation(), serverDefaultLevel(), specialTables());
                try {
                    return search(code.name(), lineup.isolation(), rules, ground, admin, options, startNanos,
                            keyIndex -> (recorder, moves) -> {
                                Stepping[] st = new Stepping[sessions];
                                for (int i = 0; i < sessions; i++) {
                                    GatedStepper g = new GatedStepper(i + 1, lineup.callers().get(i), keyIndex, i % 2 == 0,
                                            recorder, moves, ground.table(), new Stops(rules, options.unreduced()));
                                    relays.get(i).to = g;
                                    st[i] = g;
                                }
                                return st;
                            });
                } finally {
                    // what the code sends after the last run passes unparked: a pool's closing ROLLBACK would
                    // otherwise wait on a session no explorer will grant again
                    relays.forEach(r -> r.to = StatementHook.NONE);
                }
            } finally {
                ground.release(admin, false);
            }
        }
    }

    /** The code explored did what the explorer cannot order, or broke; the message names the session and what. */
    public static final class Unexplorable extends RuntimeException {
        Unexplorable(String message) {
            super(message);
        }
    }

    /** A worker's gate hook that hands each statement to the session of the run going on. */
    private static final class Relay implements StatementHook {
        volatile StatementHook to = StatementHook.NONE;

        @Override
        public void before(GateSession session, String sql, String how) throws InterruptedException {
            to.before(session, sql, how);
        }

        @Override
        public void after(GateSession session, WireStatement statement) {
            to.after(session, statement);
        }
    }

    /** The sessions of one run on the key with index {@code keyIndex}. */
    @FunctionalInterface
    private interface Casting {
        Cast on(long keyIndex) throws SQLException;
    }

    /** MySQL and MariaDB: views, tables outside InnoDB, tables with triggers, parents of cascading foreign keys. */
    private static final String SPECIAL_MYSQL = "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
            + "DATABASE() AND (TABLE_TYPE <> 'BASE TABLE' OR ENGINE IS NULL OR ENGINE <> 'InnoDB') "
            + "UNION SELECT EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE() "
            + "UNION SELECT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
            + "DATABASE() AND (DELETE_RULE NOT IN ('RESTRICT', 'NO ACTION') OR UPDATE_RULE NOT IN ('RESTRICT', 'NO ACTION'))";
    /**
     * PostgreSQL, in the schemas of the search path: views, materialized views, foreign and partitioned tables,
     * partitions and inheritance parents, tables with triggers of their own (not the ones foreign keys make), parents of
     * cascading foreign keys.
     */
    private static final String SPECIAL_POSTGRES = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
            + "c.relnamespace WHERE n.nspname = ANY (current_schemas(false)) AND (c.relkind IN ('v', 'm', 'f', 'p') "
            + "OR (c.relkind = 'r' AND (c.relispartition OR c.relhassubclass)) "
            + "OR EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal) "
            + "OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.confrelid = c.oid AND k.contype = 'f' "
            + "AND (k.confdeltype IN ('c', 'n', 'd') OR k.confupdtype IN ('c', 'n', 'd'))))";

    /**
     * The tables whose name does not say what a statement on them touches (the dependence relation's catalog rule), as
     * the server's catalog says when the exploration starts. A catalog that cannot be read stops the exploration, with
     * the reason.
     */
    private Set<String> specialTables() {
        String q = target.endpoint().family().equals("postgresql") ? SPECIAL_POSTGRES : SPECIAL_MYSQL;
        Set<String> names = new HashSet<>();
        try (Connection c = target.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException("explain --all: could not read which tables are views, outside InnoDB or "
                    + "behind triggers on " + target.label() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The level a session gets from {@code SET … DEFAULT} or {@code RESET} (the dependence relation's level rule):
     * PostgreSQL's {@code default_transaction_isolation}, MySQL's and MariaDB's global {@code transaction_isolation}
     * (MariaDB before 11.1: {@code tx_isolation}); "" when the server does not say.
     */
    private String serverDefaultLevel() {
        for (String q : List.of("SHOW default_transaction_isolation", "SELECT @@GLOBAL.transaction_isolation",
                "SELECT @@GLOBAL.tx_isolation")) {
            // a connection of its own: a failed query must not roll back the exploration's set-up
            try (Connection c = target.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
                if (rs.next()) {
                    return Isolation.parse(rs.getString(1)).key();
                }
            } catch (SQLException | IllegalArgumentException e) {
                // not this server's name for it
            }
        }
        return "";
    }


    /** The depth-first search over interleavings, a fresh key a run, and what it found. */
    private Exploration search(String name, String isolationRead, Dependence rules, Ground ground,
                               Connection admin, Options options,
                               long startNanos, Casting casting) throws SQLException, InterruptedException {
        Dialect dialect = target.dialect();
        boolean merge = options.prune() && !options.unreduced() && rules.reduces();
        Map<List<Outcome>, Combination> seen = new LinkedHashMap<>();
        long explored = 0;
        long redundant = 0;
        long diverged = 0;
        long blockings = 0;
        long stalls = 0;
        boolean complete = false;
        List<Decision> prefix = new ArrayList<>();
        // a warm-up on key 0, not counted: a session's first call may send statements later calls do not (an ORM
        // reading its schema, a driver's first prepares), which would make the next run's replay diverge
        ground.ensureKeys(admin, 1 + PARENTS_AHEAD);
        tableLocksTaken = false;
        try (Cast cast = casting.on(0)) {
            warmUp(cast);
        }
        Set<String> classes = new HashSet<>();
        int steps = 0;
        // depth-first first, with half the budget when the space may be larger; then PCT samples with the rest
        long depthFirst = Math.max(1, options.maxInterleavings() / 2);
        long runEndedAt = 0;
        while (explored + redundant < depthFirst) {
            clock.since(StopClock.Part.BETWEEN_RUNS, runEndedAt);
            Run run = next(casting, ground, admin, explored + redundant, prefix, dialect, merge, rules, null);
            runEndedAt = System.nanoTime();
            diverged += run.diverged ? 1 : 0;
            blockings += run.blockings;
            stalls += run.stalls;
            steps = Math.max(steps, run.grants.size());
            if (run.redundant) {
                redundant++;
            } else {
                explored++;
                classes.add(TraceClass.key(run.grants, rules));
                seen.computeIfAbsent(run.outcomes, k -> new Combination()).add(run.steps);
            }
            runsSoFar = explored + redundant;
            classesSoFar = classes.size();
            prefix = nextPrefix(run.decisions);
            if (prefix == null) {
                complete = true;
                break;
            }
        }
        boolean searched = complete;
        // a diverged run met other choices than the run it replays: the orders past that point were never offered
        complete &= diverged == 0;
        Exploration.Sampling sampling = null;
        if (!searched && explored + redundant < options.maxInterleavings()) {
            samplingNow = true;
            Random random = new Random(options.seed());
            long samples = 0;
            int depth = options.pctDepth();
            int k = options.sessions();
            while (explored + redundant < options.maxInterleavings()) {
                clock.since(StopClock.Part.BETWEEN_RUNS, runEndedAt);
                PctSchedule pct = new PctSchedule(k, depth, steps, random);
                Run run = next(casting, ground, admin, explored + redundant, List.of(), dialect, false, rules, pct);
                runEndedAt = System.nanoTime();
                blockings += run.blockings;
                stalls += run.stalls;
                steps = Math.max(steps, run.grants.size());
                explored++;
                samples++;
                classes.add(TraceClass.key(run.grants, rules));
                runsSoFar = explored + redundant;
                classesSoFar = classes.size();
                seen.computeIfAbsent(run.outcomes, x -> new Combination()).add(run.steps);
            }
            sampling = new Exploration.Sampling(explored + redundant - samples, samples, depth, steps,
                    PctSchedule.perRun(k, depth, steps), options.seed());
        }
        clock.print(System.err, (System.nanoTime() - startNanos) / 1_000_000, explored + redundant);
        List<Exploration.Pair> pairs = new ArrayList<>();
        seen.forEach((outcomes, c) -> pairs.add(new Exploration.Pair(outcomes, c.runs, c.witness)));
        pairs.sort(Comparator.comparingLong(Exploration.Pair::interleavings).reversed().thenComparing(Exploration.Pair::key));
        return new Exploration(target.label(), dialect.product(), dialect.version(), name, isolationRead,
                options.sessions(), options.firstAborts(), explored, complete, searched, merge, options.unreduced(),
                options.unreduced() ? List.of() : rules.rules(), redundant, diverged, blockings, stalls,
                (System.nanoTime() - startNanos) / 1_000_000, classes.size(), sampling, List.copyOf(pairs));
    }

    /** The run with index {@code runs} (its key is {@code 1 + runs}: key 0 is the warm-up's), its parents ensured. */
    private Run next(Casting casting, Ground ground, Connection admin, long runs,
                     List<Decision> prefix, Dialect dialect, boolean merge, Dependence rules, PctSchedule pct)
            throws SQLException, InterruptedException {
        if (runs > 0 && runs % PARENTS_AHEAD == 0) {
            ground.ensureKeys(admin, 1 + runs + PARENTS_AHEAD);
        }
        try (Cast cast = casting.on(1 + runs)) {
            return runOnce(cast, prefix, dialect, admin, merge, rules, ground.table(), pct);
        }
    }

    /**
     * The run after {@code decisions}' in depth-first order: the same choices up to the last one that has another
     * session left to try, which tries the next; null when every choice has tried its last session.
     */
    private static List<Decision> nextPrefix(List<Decision> decisions) {
        int last = decisions.size() - 1;
        while (last >= 0 && decisions.get(last).isLast()) {
            last--;
        }
        if (last < 0) {
            return null;
        }
        List<Decision> prefix = new ArrayList<>(decisions.subList(0, last));
        prefix.add(decisions.get(last).next());
        return prefix;
    }

    /** One combination of outcomes: how many runs gave it, and the shortest of them. */
    private static final class Combination {
        long runs;
        List<Step> witness;

        void add(List<Step> steps) {
            runs++;
            if (witness == null || steps.size() < witness.size()) {
                witness = steps;
            }
        }
    }

    private static Session session(Connection c, Dialect d, Schema schema, boolean priorRead) {
        return new Session(c, d, schema.myobj(), new ErrorLog(), priorRead);
    }

    /**
     * A point where several sessions could go: which went ({@code choice}, an index into {@code awake}), and the
     * sessions that could, each with the statement it waited to send. A replay that meets other sessions or
     * statements there than the run it follows has diverged: the server answered the same prefix differently.
     */
    private record Decision(int choice, List<String> awake) {

        boolean isLast() {
            return choice == awake.size() - 1;
        }

        Decision next() {
            return new Decision(choice + 1, awake);
        }
    }

    /** One interleaving: its decisions, what each caller saw, the steps. */
    private record Run(List<Decision> decisions, List<Outcome> outcomes, List<Step> steps, List<TraceClass.Grant> grants,
                       long blockings, long stalls, boolean redundant, boolean diverged) {
    }

    /**
     * The sessions of one run, made for its recorder and moves, and closed when the run is over: a built-in session
     * hands its statements back to the driver's cache, instead of leaving them prepared on the server a set a run
     * (MariaDB refuses past max_prepared_stmt_count, 16,382 by default: about 2,000 interleavings of three sessions).
     */
    @FunctionalInterface
    interface Cast extends AutoCloseable {
        Stepping[] make(Recorder recorder, Moves moves);

        @Override
        default void close() {
        }
    }

    /** @param pct a sample's schedule, which chooses instead of {@code prefix}; null for the depth-first search */
    private Run runOnce(Cast cast, List<Decision> prefix, Dialect dialect, Connection admin, boolean merge,
                        Dependence rules, String table, PctSchedule pct) throws SQLException, InterruptedException {
        long startNanos = System.nanoTime();
        Recorder recorder = new Recorder();
        Moves moves = new Moves(clock);
        Stepping[] st = cast.make(recorder, moves);
        int n = st.length;
        boolean[] blocked = new boolean[n];
        boolean[] stalled = new boolean[n];
        SleepSet sleep = new SleepSet(merge && pct == null, rules);
        List<TraceClass.Grant> grants = new ArrayList<>();
        boolean redundant = false;
        List<Decision> decisions = new ArrayList<>();
        boolean diverged = false;
        long blockings = 0;
        long stalls = 0;
        long[] stalledAt = new long[n];
        long[] blockedAt = new long[n];
        long[] reportedAt = new long[n];
        List<Thread> threads = new ArrayList<>();
        for (Stepping s : st) {
            Thread t = new Thread(s, "dbrace-explore-T" + s.no());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + RUN_BOUND_NANOS;
        boolean finished = false;
        Stepping granted = null;
        long grantedAt = 0;
        boolean spanOpen = true;        // the run's start, then each grant's move, is recorded once
        try {
            while (!allDone(st)) {
                long settled = settle(st, blocked, stalled, blockedAt, dialect, admin, moves, deadline, tableLocksTaken);
                long settledAt = System.nanoTime();
                if (spanOpen && granted == null) {
                    clock.since(StopClock.Part.RUN_START, startNanos);
                } else if (spanOpen && granted.turn().movedAt() > grantedAt) {
                    clock.since(StopClock.Part.MOVE_TO_SETTLED, granted.turn().movedAt());
                }
                spanOpen = false;
                for (int i = 0; i < n; i++) {
                    if (stalled[i] && stalledAt[i] != st[i].sentAt()) {
                        stalledAt[i] = st[i].sentAt();      // once per statement, however often it is looked at
                        stalls++;
                    }
                }
                List<Integer> enabled = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (st[i].phase() == Stepping.Phase.WAITING) {
                        enabled.add(i);
                    }
                }
                List<Integer> awake = sleep.awake(enabled);
                if (enabled.isEmpty()) {
                    // all blocked or done: the server resolves it (a deadlock, a lock timeout)
                    if (allDone(st)) {
                        break;
                    }
                    moves.awaitAfter(settled, 10);
                    guard(deadline);
                    continue;
                }
                if (awake.isEmpty()) {
                    // every session that could go next sleeps: each order from here was explored in another run
                    redundant = true;
                    for (Stepping s : st) {
                        s.abort();
                    }
                    break;
                }
                int choice = 0;
                if (pct != null) {
                    choice = awake.indexOf(pct.choose(awake));
                } else if (awake.size() > 1) {
                    int d = decisions.size();
                    List<String> here = new ArrayList<>();
                    for (int i : awake) {
                        here.add(i + ":" + shape(st[i].statement()));
                    }
                    if (d < prefix.size()) {
                        diverged |= !here.equals(prefix.get(d).awake());
                        choice = Math.min(prefix.get(d).choice(), awake.size() - 1);
                    }
                    decisions.add(new Decision(choice, List.copyOf(here)));
                }
                Stepping go = st[awake.get(choice)];
                grants.add(new TraceClass.Grant(awake.get(choice), shape(go.statement()), go.footprint()));
                sleep.chose(awake, choice, st);
                for (int i = 0; i < n; i++) {
                    if (blocked[i] && st[i].phase() == Stepping.Phase.RUNNING && reportedAt[i] != st[i].sentAt()) {
                        reportedAt[i] = st[i].sentAt();     // once per blocked statement
                        blockings++;
                        recorder.event(st[i].no(), stalledAt[i] == st[i].sentAt()
                                ? "has not returned after " + STALL_NANOS / 1_000_000 + " ms: taken as blocked"
                                : "blocks: waits for a lock");
                    }
                }
                if (mayWake(go.footprint())) {
                    Arrays.fill(blockedAt, 0);
                }
                tableLocksTaken |= go.footprint().opaque();
                clock.since(StopClock.Part.SETTLED_TO_GRANT, settledAt);
                granted = go;
                grantedAt = System.nanoTime();
                spanOpen = true;
                go.grant();
            }
            finished = true;
            clock.since(StopClock.Part.RUN_END, grantedAt);
        } finally {
            if (!finished) {
                for (Stepping s : st) {
                    s.abort();      // an error or the bound: the sessions roll back instead of waiting forever
                }
            }
        }
        for (Thread t : threads) {
            t.join(RUN_BOUND_NANOS / 1_000_000);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not finish within "
                        + RUN_BOUND_NANOS / 1_000_000_000 + " s of its interleaving's end");
            }
        }
        for (Stepping s : st) {
            if (s.failure() != null) {
                throw new Unexplorable(s.failure());
            }
        }
        if (!redundant) {
            untied(st, table);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Stepping s : st) {
            outcomes.add(s.outcome());
        }
        diverged |= decisions.size() < prefix.size();
        return new Run(decisions, List.copyOf(outcomes), recorder.steps(), grants, blockings, stalls, redundant, diverged);
    }

    /**
     * The warm-up: each session's call on key 0 alone, one after another, every statement let go at once. Alone, because
     * a first call may wait in the code itself for another session's (a Spring context or an EntityManagerFactory built
     * once, behind a lock, on the first caller's connection): in an ordered run the explorer would wait for the second
     * session to reach a stop while it waits for the first one's boot.
     */
    private void warmUp(Cast cast) throws InterruptedException {
        Moves moves = new Moves();
        Stepping[] st = cast.make(new Recorder(), moves);
        for (Stepping s : st) {
            s.warmingUp();
            Thread t = new Thread(s, "dbrace-warm-up-T" + s.no());
            t.setDaemon(true);
            t.start();
            long deadline = System.nanoTime() + RUN_BOUND_NANOS;
            boolean finished = false;
            try {
                while (s.phase() != Stepping.Phase.DONE) {
                    long seen = moves.seen();
                    if (s.phase() == Stepping.Phase.WAITING) {
                        tableLocksTaken |= s.footprint().opaque();
                        s.grant();
                    } else {
                        moves.awaitAfter(seen, 10);
                    }
                    guard(deadline);
                }
                finished = true;
            } finally {
                if (!finished) {
                    s.abort();
                }
            }
            t.join(RUN_BOUND_NANOS / 1_000_000);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not finish within " + RUN_BOUND_NANOS / 1_000_000_000 + " s");
            }
            if (s.failure() != null) {
                throw new Unexplorable(s.failure());
            }
        }
    }

    /**
     * Refuses a run whose outcomes cannot be tied to its statements: no call sent a statement naming the raced table,
     * or a call said it created or found the row without one.
     */
    private static void untied(Stepping[] st, String table) {
        List<String> none = new ArrayList<>();
        for (Stepping s : st) {
            if (!s.touchedTable()) {
                none.add("T" + s.no());
                if (s.outcome() == Outcome.CREATED || s.outcome() == Outcome.FOUND) {
                    throw new Unexplorable("T" + s.no() + "'s call said " + s.outcome().key() + " but sent no statement "
                            + "that names " + table + ": its outcome cannot be tied to its statements; race the table "
                            + "the code writes (--table, or OwnTable in Java)");
                }
            }
        }
        if (none.size() == st.length) {
            throw new Unexplorable(String.join(" and ", none) + " sent no statement that names " + table + ": the code "
                    + "does not touch the raced table; race the table it writes (--table, or OwnTable in Java)");
        }
    }

    /**
     * A statement as a replay compares it with the run it follows: literals and savepoint names made alike, as an
     * ORM's text statements carry the run's key ({@code thing_id = 12}) and a savepoint name of its own each call.
     */
    static String shape(String sql) {
        String named = SAVEPOINT_NAME.matcher(sql).replaceAll("$1?");
        return NUMBER.matcher(STRING_LITERAL.matcher(named).replaceAll("?")).replaceAll("?");
    }

    private static boolean allDone(Stepping[] st) {
        for (Stepping s : st) {
            if (s.phase() != Stepping.Phase.DONE) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every session is parked at its next statement, done, or shown waiting for a lock by the server,
     * all in one pass: a lock the server grants is shown granted before the statement that released it returns
     * (InnoDB's transaction list, PostgreSQL's {@code pg_locks}), so a session woken by it is seen running and
     * waited for. The lock views are read once a pass for every session that may wait: one whose statement takes
     * locks ({@link Footprint#locks()}) while another session's transaction may hold some, out {@link #QUIET_NANOS};
     * or any statement out {@link #STALL_NANOS}. A locking statement neither returning nor shown waiting for {@link #STALL_NANOS} is taken
     * as blocked; one that takes no lock is waited for. A session seen blocked in a settled pass stays so, without
     * another look, until {@code blockedAt} is cleared (the explorer clears it when it lets go a statement that may wake or kill a
     * waiter: one that ends a transaction, takes locks or cannot be read).
     *
     * @param blockedAt per session, the {@link Stepping#sentAt()} of the statement last seen blocked; 0 for none
     * @param tableLocks a statement the explorer cannot read has been let go in this exploration (DDL, LOCK TABLES:
     *                   such a lock may outlive the run that took it, on a connection the next run uses): waits for
     *                   metadata and table locks are looked for too ({@link Dialect#lockWaiters}), not row locks alone
     *                   ({@link Dialect#rowLockWaiters})
     * @return the sessions' {@link Moves} when the settled pass began
     */
    private static long settle(Stepping[] st, boolean[] blocked, boolean[] stalled, long[] blockedAt, Dialect dialect,
                               Connection admin, Moves moves, long deadline, boolean tableLocks)
            throws SQLException, InterruptedException {
        while (true) {
            long seen = moves.seen();
            Map<Long, Integer> ask = new LinkedHashMap<>();
            long[] sentAt = new long[st.length];
            for (int i = 0; i < st.length; i++) {
                blocked[i] = false;
                stalled[i] = false;
                long sent = st[i].sentAt();
                sentAt[i] = sent;
                if (st[i].phase() != Stepping.Phase.RUNNING || sent == 0) {
                    continue;
                }
                if (blockedAt[i] == sent) {
                    blocked[i] = true;
                    continue;
                }
                long out = System.nanoTime() - sent;
                if (out > STALL_NANOS || mayWait(st, i) && out > QUIET_NANOS) {
                    ask.put(st[i].serverSession(), i);
                }
            }
            if (!ask.isEmpty()) {
                long readAt = System.nanoTime();
                Set<Long> waiting = tableLocks ? dialect.lockWaiters(admin, ask.keySet())
                        : dialect.rowLockWaiters(admin, ask.keySet());
                moves.clock().since(StopClock.Part.LOCK_VIEWS, readAt);
                for (Map.Entry<Long, Integer> e : ask.entrySet()) {
                    int i = e.getValue();
                    if (st[i].sentAt() != sentAt[i]) {
                        continue;       // it returned while the views were read: not blocked, and the pass not settled
                    }
                    boolean waits = waiting.contains(e.getKey());
                    stalled[i] = !waits && mayWait(st, i) && System.nanoTime() - sentAt[i] > STALL_NANOS;
                    blocked[i] = waits || stalled[i];
                }
            }
            boolean stable = true;
            for (int i = 0; i < st.length; i++) {
                Stepping.Phase p = st[i].phase();
                if (p != Stepping.Phase.WAITING && p != Stepping.Phase.DONE && !blocked[i]) {
                    stable = false;
                }
            }
            if (stable && moves.seen() == seen) {
                // nothing moved while the pass looked: what it saw holds together, and a waiter seen now stays one
                // until the explorer lets go a statement that may wake it (a waiter seen while another session still
                // ran may have been woken by it since)
                for (int i = 0; i < st.length; i++) {
                    if (blocked[i]) {
                        blockedAt[i] = sentAt[i];
                    }
                }
                return seen;
            }
            guard(deadline);
            moves.awaitAfter(seen, 1);      // a poll interval, cut short when a session moves
        }
    }

    /**
     * Session {@code i}'s statement in flight may wait for a lock: its stop takes locks or cannot be read, and another
     * session's transaction may hold locks (by the statements it has run: one that has taken none holds none).
     */
    private static boolean mayWait(Stepping[] st, int i) {
        Footprint f = st[i].footprint();
        if (!f.locks() && !f.opaque()) {
            return false;
        }
        for (int j = 0; j < st.length; j++) {
            if (j != i && st[j].holdsLocks()) {
                return true;
            }
        }
        return false;
    }

    /** Letting {@code f} go may wake a waiter, or make it a deadlock's victim. */
    private static boolean mayWake(Footprint f) {
        return f.releases() || f.locks() || f.opaque();
    }

    private static void guard(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("an interleaving did not finish within " + RUN_BOUND_NANOS / 1_000_000_000 + " s");
        }
    }
}
