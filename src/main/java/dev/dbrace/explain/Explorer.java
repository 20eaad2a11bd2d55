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
 * {@code explain --all}: runs a strategy in two sessions under every interleaving of their statements,
 * against the real server, on a fresh key each time, and groups the interleavings by what the two callers saw.
 *
 * <p>Depth-first, by replay: a run follows a prefix of choices ("at the k-th point where both sessions could
 * send their next statement, T1 or T2 went first"), then lets T1 go first wherever it has not been told; the
 * next run flips the last such choice. Branches follow the server: after a duplicate key a session takes its
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
        Dialect dialect = target.dialect();
        Schema schema = new Schema(dialect, "dbrace_explore_");
        Isolation isolation = strategy.isolation() != null ? strategy.isolation() : requested;
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, List<Step>> witnesses = new LinkedHashMap<>();
        long explored = 0;
        long diverged = 0;
        long blockings = 0;
        boolean complete = false;
        String isolationRead;
        try (Connection admin = target.connect()) {
            schema.recreate(admin);
            try (HikariDataSource pool = target.pool("explore", 2, isolation, Duration.ofSeconds(3), false, settings);
                 Connection c1 = pool.getConnection();
                 Connection c2 = pool.getConnection()) {
                isolationRead = dialect.readIsolation(c1).key();
                long id1 = dialect.sessionId(c1);
                long id2 = dialect.sessionId(c2);
                c1.rollback();
                c2.rollback();
                List<Integer> prefix = new ArrayList<>();
                while (explored < maxInterleavings) {
                    Key key = KeySpace.key(explored);
                    schema.ensureParents(admin, KeySpace.thingsFor(explored + 1), KeySpace.ownersFor(explored + 1));
                    Run run = runOnce(strategy, key, prefix, dialect, admin,
                            session(c1, dialect, schema, priorRead), id1, session(c2, dialect, schema, priorRead), id2);
                    explored++;
                    diverged += run.decisions.size() < prefix.size() ? 1 : 0;
                    blockings += run.blockings;
                    String pair = run.t1 + "/" + run.t2;
                    counts.computeIfAbsent(pair, k -> new long[1])[0]++;
                    List<Step> before = witnesses.get(pair);
                    if (before == null || run.steps.size() < before.size()) {
                        witnesses.put(pair, run.steps);
                    }
                    int last = run.decisions.lastIndexOf(1);
                    if (last < 0) {
                        complete = true;
                        break;
                    }
                    prefix = new ArrayList<>(run.decisions.subList(0, last));
                    prefix.add(2);
                }
            } finally {
                schema.drop(admin);
            }
        }
        List<Exploration.Pair> pairs = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String[] two = e.getKey().split("/");
            pairs.add(new Exploration.Pair(Outcome.valueOf(two[0]), Outcome.valueOf(two[1]), e.getValue()[0],
                    witnesses.get(e.getKey())));
        }
        pairs.sort(Comparator.comparingLong(Exploration.Pair::interleavings).reversed()
                .thenComparing(p -> p.t1().ordinal() * 100 + p.t2().ordinal()));
        return new Exploration(target.label(), dialect.product(), dialect.version(), strategy.name(), isolationRead,
                explored, complete, diverged, blockings, List.copyOf(pairs));
    }

    private static Session session(Connection c, Dialect d, Schema schema, boolean priorRead) {
        return new Session(c, d, schema.myobj(), new ErrorLog(), priorRead);
    }

    /** One interleaving: the choices made at each point where both could go, what each caller saw, the steps. */
    private record Run(List<Integer> decisions, Outcome t1, Outcome t2, List<Step> steps, long blockings) {
    }

    private Run runOnce(Strategy strategy, Key key, List<Integer> prefix, Dialect dialect, Connection admin,
                        Session s1, long id1, Session s2, long id2) throws SQLException, InterruptedException {
        Recorder recorder = new Recorder();
        Object changed = new Object();
        Stepper[] st = {new Stepper(1, s1, strategy, key, true, recorder, changed),
            new Stepper(2, s2, strategy, key, false, recorder, changed)};
        long[] ids = {id1, id2};
        boolean[] blocked = new boolean[2];
        List<Integer> decisions = new ArrayList<>();
        long blockings = 0;
        List<Thread> threads = new ArrayList<>();
        for (Stepper s : st) {
            Thread t = new Thread(s, "dbrace-explore-T" + s.no);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + RUN_BOUND_NANOS;
        while (st[0].phase != Stepper.Phase.DONE || st[1].phase != Stepper.Phase.DONE) {
            // settle: each session waits at its next statement, is done, or is blocked on a lock
            for (int i = 0; i < 2; i++) {
                blocked[i] = false;
                while (true) {
                    Stepper.Phase p = st[i].phase;
                    if (p == Stepper.Phase.WAITING || p == Stepper.Phase.DONE) {
                        break;
                    }
                    long sent = st[i].sentAt;
                    if (p == Stepper.Phase.RUNNING && sent != 0 && (dialect.waitsForLock(admin, ids[i])
                            || System.nanoTime() - sent > STALL_NANOS)) {
                        blocked[i] = true;
                        break;
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
                // both blocked, or one blocked and one done: the server resolves it (a deadlock, a lock timeout)
                synchronized (changed) {
                    changed.wait(10);
                }
                guard(deadline);
                continue;
            }
            Stepper go = enabled.get(0);
            if (enabled.size() == 2) {
                int d = decisions.size();
                int choice = d < prefix.size() ? prefix.get(d) : 1;
                decisions.add(choice);
                go = st[choice - 1];
            }
            for (int i = 0; i < 2; i++) {
                if (blocked[i] && st[i].phase == Stepper.Phase.RUNNING) {
                    blockings++;
                    recorder.event(st[i].no, "blocks: waits for a lock held by T" + (3 - st[i].no));
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
        return new Run(decisions, st[0].outcome, st[1].outcome, recorder.steps(), blockings);
    }

    private static boolean releasesLocks(String sql) {
        String step = dev.dbrace.outcome.Steps.of(sql);
        return step.equals("COMMIT") || step.equals("ROLLBACK");
    }

    /** After a COMMIT or ROLLBACK returns, a session that was blocked gets {@link #WAKE_NANOS} to be let go. */
    private static void awaitWake(Stepper go, Stepper[] st, long[] ids, Dialect dialect, Connection admin, long deadline)
            throws SQLException, InterruptedException {
        while (go.phase == Stepper.Phase.RUNNING && go.sentAt != 0) {
            guard(deadline);
            Thread.sleep(1);
        }
        Stepper other = st[2 - go.no];
        long until = System.nanoTime() + WAKE_NANOS;
        while (other.phase == Stepper.Phase.RUNNING && other.sentAt != 0 && dialect.waitsForLock(admin, ids[other.no - 1])
                && System.nanoTime() - until < 0) {
            Thread.sleep(1);
        }
    }

    private static void guard(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("an interleaving did not finish within " + RUN_BOUND_NANOS / 1_000_000_000 + " s");
        }
    }
}
