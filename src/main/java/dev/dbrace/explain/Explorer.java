package dev.dbrace.explain;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.KeySpace;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code explain --all}: runs a strategy in two or three sessions under every interleaving of their statements,
 * against the real server, on a fresh key each time, and groups the interleavings by what the two callers saw.
 *
 * <p>Depth-first, by replay: a run follows a prefix of choices ("at the k-th point where both sessions could
 * send their next statement, T1 or T2 went first"), then lets T1 go first wherever it has not been told; the
 * next run moves the last such choice on to the next session. Branches follow the server: after a duplicate key a session takes its
 * error path, and only the statements it really sends are interleaved. A granted statement that the server
 * shows waiting for a lock ({@link Dialect#waitsForLock}) is blocked: the other session goes on, and the
 * blocked one is taken up again when its statement returns. What the model assumes, so that it drops no
 * outcome: {@code SAVEPOINT} and {@code RELEASE SAVEPOINT} run glued to the statement after and before them
 * (they take no lock and change nothing the other session sees); the server answers the same prefix the same
 * way (a run where it did not is counted as diverged); a statement neither returning nor shown waiting for
 * {@link #STALL_NANOS} is taken as blocked.
 */
public final class Explorer {

    /** A granted statement silent this long, and not shown waiting for a lock, is taken as blocked (a fallback). */
    static final long STALL_NANOS = 400_000_000L;
    /** After a statement that releases locks, how long a session blocked on them gets to be woken by the server. */
    static final long WAKE_NANOS = 50_000_000L;
    private static final long RUN_BOUND_NANOS = 60_000_000_000L;

    private final Target target;

    public Explorer(Target target) {
        this.target = target;
    }

    /**
     * @param requested         the level for strategies that do not fix their own; null for the server default
     * @param maxInterleavings  stop after this many; the result then says it is incomplete
     */
    public Exploration explore(Strategy strategy, Isolation requested, boolean priorRead, Settings settings,
                               long maxInterleavings) throws SQLException, InterruptedException {
        return explore(strategy, requested, priorRead, settings, maxInterleavings, 2);
    }

    /** @param sessions 2 or 3 */
    public Exploration explore(Strategy strategy, Isolation requested, boolean priorRead, Settings settings,
                               long maxInterleavings, int sessions) throws SQLException, InterruptedException {
        if (sessions < 2 || sessions > 3) {
            throw new IllegalArgumentException("--sessions takes 2 or 3, not " + sessions);
        }
        Dialect dialect = target.dialect();
        Schema schema = new Schema(dialect, "dbrace_explore_");
        Isolation isolation = strategy.isolation() != null ? strategy.isolation() : requested;
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, List<Step>> witnesses = new LinkedHashMap<>();
        long explored = 0;
        long diverged = 0;
        long blockings = 0;
        long stalls = 0;
        boolean complete = false;
        String isolationRead;
        try (Connection admin = target.connect()) {
            schema.recreate(admin);
            try (HikariDataSource pool = target.pool("explore", sessions, isolation, Duration.ofSeconds(3), false, settings)) {
                List<Connection> connections = new ArrayList<>();
                long[] ids = new long[sessions];
                for (int i = 0; i < sessions; i++) {
                    connections.add(pool.getConnection());
                    ids[i] = dialect.sessionId(connections.get(i));
                    connections.get(i).rollback();
                }
                isolationRead = dialect.readIsolation(connections.get(0)).key();
                connections.get(0).rollback();
                List<Integer> prefix = new ArrayList<>();
                while (explored < maxInterleavings) {
                    Key key = KeySpace.key(explored);
                    schema.ensureParents(admin, KeySpace.thingsFor(explored + 1), KeySpace.ownersFor(explored + 1));
                    List<Session> ss = new ArrayList<>();
                    for (Connection c : connections) {
                        ss.add(session(c, dialect, schema, priorRead));
                    }
                    Run run = runOnce(strategy, key, prefix, dialect, admin, ss, ids);
                    explored++;
                    diverged += run.decisions.size() < prefix.size() ? 1 : 0;
                    blockings += run.blockings;
                    stalls += run.stalls;
                    String pair = String.join("/", run.outcomes.stream().map(Outcome::name).toList());
                    counts.computeIfAbsent(pair, k -> new long[1])[0]++;
                    List<Step> before = witnesses.get(pair);
                    if (before == null || run.steps.size() < before.size()) {
                        witnesses.put(pair, run.steps);
                    }
                    int last = run.decisions.size() - 1;
                    while (last >= 0 && run.decisions.get(last)[0] == run.decisions.get(last)[1] - 1) {
                        last--;
                    }
                    if (last < 0) {
                        complete = true;
                        break;
                    }
                    prefix = new ArrayList<>();
                    for (int d = 0; d < last; d++) {
                        prefix.add(run.decisions.get(d)[0]);
                    }
                    prefix.add(run.decisions.get(last)[0] + 1);
                }
                connections.forEach(c -> {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // the pool closes it anyway
                    }
                });
            } finally {
                schema.drop(admin);
            }
        }
        List<Exploration.Pair> pairs = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            List<Outcome> outcomes = java.util.Arrays.stream(e.getKey().split("/")).map(Outcome::valueOf).toList();
            pairs.add(new Exploration.Pair(outcomes, e.getValue()[0], witnesses.get(e.getKey())));
        }
        pairs.sort(Comparator.comparingLong(Exploration.Pair::interleavings).reversed().thenComparing(Exploration.Pair::key));
        return new Exploration(target.label(), dialect.product(), dialect.version(), strategy.name(), isolationRead,
                sessions, explored, complete, diverged, blockings, stalls, List.copyOf(pairs));
    }

    private static Session session(Connection c, Dialect d, Schema schema, boolean priorRead) {
        return new Session(c, d, schema.myobj(), new ErrorLog(), priorRead);
    }

    /**
     * One interleaving: at each point where several sessions could go, the choice made and how many there were
     * ({choice, options}); what each caller saw; the steps.
     */
    private record Run(List<int[]> decisions, List<Outcome> outcomes, List<Step> steps, long blockings, long stalls) {
    }

    private Run runOnce(Strategy strategy, Key key, List<Integer> prefix, Dialect dialect, Connection admin,
                        List<Session> sessions, long[] ids) throws SQLException, InterruptedException {
        int n = sessions.size();
        Recorder recorder = new Recorder();
        Object changed = new Object();
        Stepper[] st = new Stepper[n];
        for (int i = 0; i < n; i++) {
            st[i] = new Stepper(i + 1, sessions.get(i), strategy, key, i % 2 == 0, recorder, changed);
        }
        boolean[] blocked = new boolean[n];
        List<int[]> decisions = new ArrayList<>();
        long blockings = 0;
        long stalls = 0;
        long[] stalledAt = new long[n];
        long[] reportedAt = new long[n];
        List<Thread> threads = new ArrayList<>();
        for (Stepper s : st) {
            Thread t = new Thread(s, "dbrace-explore-T" + s.no);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + RUN_BOUND_NANOS;
        while (!allDone(st)) {
            // settle: each session waits at its next statement, is done, or is blocked on a lock
            for (int i = 0; i < n; i++) {
                blocked[i] = false;
                while (true) {
                    Stepper.Phase p = st[i].phase;
                    if (p == Stepper.Phase.WAITING || p == Stepper.Phase.DONE) {
                        break;
                    }
                    long sent = st[i].sentAt;
                    if (p == Stepper.Phase.RUNNING && sent != 0) {
                        if (dialect.waitsForLock(admin, ids[i])) {
                            blocked[i] = true;
                            break;
                        }
                        if (System.nanoTime() - sent > STALL_NANOS) {
                            blocked[i] = true;
                            if (stalledAt[i] != sent) {        // once per statement, however often it is looked at
                                stalledAt[i] = sent;
                                stalls++;
                            }
                            break;
                        }
                    }
                    guard(deadline);
                    Thread.sleep(1);        // a poll interval: the loop ends on the session's or the server's word
                }
            }
            List<Stepper> enabled = new ArrayList<>();
            for (Stepper s : st) {
                if (s.phase == Stepper.Phase.WAITING) {
                    enabled.add(s);
                }
            }
            if (enabled.isEmpty()) {
                // all blocked or done: the server resolves it (a deadlock, a lock timeout)
                synchronized (changed) {
                    changed.wait(10);
                }
                guard(deadline);
                continue;
            }
            Stepper go = enabled.get(0);
            if (enabled.size() > 1) {
                int d = decisions.size();
                int choice = d < prefix.size() ? Math.min(prefix.get(d), enabled.size() - 1) : 0;
                decisions.add(new int[] {choice, enabled.size()});
                go = enabled.get(choice);
            }
            for (int i = 0; i < n; i++) {
                if (blocked[i] && st[i].phase == Stepper.Phase.RUNNING && reportedAt[i] != st[i].sentAt) {
                    reportedAt[i] = st[i].sentAt;       // once per blocked statement
                    blockings++;
                    recorder.event(st[i].no, stalledAt[i] == st[i].sentAt
                            ? "has not returned after " + STALL_NANOS / 1_000_000 + " ms: taken as blocked"
                            : "blocks: waits for a lock");
                }
            }
            String sql = go.statement;
            go.grant();
            if (releasesLocks(sql)) {
                awaitWake(go, st, ids, dialect, admin, deadline);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Stepper s : st) {
            outcomes.add(s.outcome);
        }
        return new Run(decisions, outcomes, recorder.steps(), blockings, stalls);
    }

    private static boolean allDone(Stepper[] st) {
        for (Stepper s : st) {
            if (s.phase != Stepper.Phase.DONE) {
                return false;
            }
        }
        return true;
    }

    private static boolean releasesLocks(String sql) {
        String step = dev.dbrace.outcome.Steps.of(sql);
        return step.equals("COMMIT") || step.equals("ROLLBACK");
    }

    /** After a COMMIT or ROLLBACK returns, the sessions that were blocked get {@link #WAKE_NANOS} to be let go. */
    private static void awaitWake(Stepper go, Stepper[] st, long[] ids, Dialect dialect, Connection admin, long deadline)
            throws SQLException, InterruptedException {
        while (go.phase == Stepper.Phase.RUNNING && go.sentAt != 0) {
            guard(deadline);
            Thread.sleep(1);
        }
        long until = System.nanoTime() + WAKE_NANOS;
        for (Stepper other : st) {
            while (other != go && other.phase == Stepper.Phase.RUNNING && other.sentAt != 0
                    && dialect.waitsForLock(admin, ids[other.no - 1]) && System.nanoTime() - until < 0) {
                Thread.sleep(1);
            }
        }
    }

    private static void guard(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("an interleaving did not finish within " + RUN_BOUND_NANOS / 1_000_000_000 + " s");
        }
    }
}
