package dev.dbrace.explain;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Tally;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Runs one strategy in two sessions, T1 and T2, in a fixed {@link Scenario}, against a real server,
 * and records every statement, result, error and lock wait: a deterministic replay of the race.
 *
 * <p>A session the server's live lock view shows waiting ({@link Dialect#waitsForLock}) is blocked on the
 * other's lock; one silent inside a statement for {@value #BLOCK_MS} ms without being shown waiting is taken
 * as stalled. Either way the driver then lets the other session go on, so a wait is reported as such and
 * never hangs the replay. Lock waits are bounded at three seconds by the server as well.
 *
 * <pre>{@code
 * Timeline t = new Replayer(target).replay(new NaiveStrategy(), Isolation.REPEATABLE_READ, false, Scenario.READ_FIRST);
 * t.outcome1();    // DOES_NOT_EXIST on InnoDB
 * }</pre>
 */
public final class Replayer {

    static final long BLOCK_MS = 400;
    private static final long GIVE_UP_MS = 30_000;

    private final Target target;

    public Replayer(Target target) {
        this.target = target;
    }

    /** The scenario that decides a strategy: read-first for those that read before writing. */
    public static Scenario scenarioFor(Strategy s, boolean priorRead) {
        return priorRead || s.readsFirst() ? Scenario.READ_FIRST : Scenario.WRITE_FIRST;
    }

    /**
     * @param requested the level for strategies that do not fix their own; null for the server default
     */
    public Timeline replay(Strategy strategy, Isolation requested, boolean priorRead, Scenario scenario)
            throws SQLException, InterruptedException {
        return replay(strategy, requested, priorRead, scenario, Settings.NONE);
    }

    /** @param settings server settings both sessions run with ({@code --set}) */
    public Timeline replay(Strategy strategy, Isolation requested, boolean priorRead, Scenario scenario,
                           Settings settings) throws SQLException, InterruptedException {
        Dialect dialect = target.dialect();
        Schema schema = new Schema(dialect, "dbrace_explain_");
        Isolation isolation = strategy.isolation() != null ? strategy.isolation() : requested;
        Key key = new Key(1, 1);
        try (Connection admin = target.connect()) {
            schema.recreate(admin);
            schema.ensureParents(admin, 1, 1);
            try (HikariDataSource pool = target.pool("explain", 2, isolation, Duration.ofSeconds(3), false, settings);
                 Connection c1 = pool.getConnection();
                 Connection c2 = pool.getConnection()) {
                String isolationRead = dialect.readIsolation(c1).key();
                Map<String, String> settingsRead = dialect.readSettings(c1, settings);
                c1.rollback();
                Recorder recorder = new Recorder();
                BiPredicate<Integer, String> never = (n, sql) -> false;
                BiPredicate<Integer, String> afterFirst = (n, sql) -> n == 2;
                BiPredicate<Integer, String> beforeCommit = (n, sql) -> sql.equals("COMMIT");
                boolean readFirst = scenario == Scenario.READ_FIRST;
                Party p1 = new Party(1, session(c1, dialect, schema, priorRead), strategy, key, true, recorder,
                        readFirst ? afterFirst : never);
                Party p2 = new Party(2, session(c2, dialect, schema, priorRead), strategy, key, false, recorder,
                        readFirst ? never : beforeCommit);
                long[] ids = {0, dialect.sessionId(c1), dialect.sessionId(c2)};
                c1.rollback();
                c2.rollback();
                int blocked = drive(readFirst ? p1 : p2, readFirst ? p2 : p1, recorder, dialect, admin, ids);
                Timeline t = new Timeline(target.label(), dialect.product(), dialect.version(),
                        strategy.name(), isolationRead, priorRead, scenario, recorder.steps(), p1.outcome, p1.id,
                        p2.outcome, p2.id, blocked, null, settingsRead);
                return t.withConclusion(Conclusion.of(t));
            } finally {
                schema.drop(admin);
            }
        }
    }

    private static Session session(Connection c, Dialect d, Schema schema, boolean priorRead) {
        return new Session(c, d, schema.myobj(), new ErrorLog(), priorRead);
    }

    /**
     * {@code first} runs until it is held (or done); {@code second} runs until done or blocked; then
     * {@code first} is let go. Returns the session seen blocked first, or 0.
     */
    private static int drive(Party first, Party second, Recorder recorder, Dialect dialect, Connection admin, long[] ids)
            throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + GIVE_UP_MS;
        Thread t1 = first.start();
        while (!first.held && !first.done) {
            pause(deadline);
        }
        Thread t2 = second.start();
        int blocked = 0;
        int[] reported = {0, 0, 0};
        boolean released = false;
        while (!(first.done && second.done)) {
            for (Party p : new Party[] {second, first}) {
                if (p.done || reported[p.no] == p.statement || p.sentAt == 0) {
                    continue;
                }
                boolean lock = dialect.waitsForLock(admin, ids[p.no]);
                if (lock || silentFor(p) >= BLOCK_MS) {
                    reported[p.no] = p.statement;
                    int other = 3 - p.no;
                    recorder.event(p.no, lock ? "blocks: waits for a lock held by T" + other
                            : "has not returned after " + BLOCK_MS + " ms");
                    if (blocked == 0) {
                        blocked = p.no;
                    }
                }
            }
            if (!released && (second.done || reported[second.no] != 0)) {
                first.release();
                released = true;
            }
            pause(deadline);
        }
        t1.join();
        t2.join();
        return blocked;
    }

    /** How long {@code p} has been inside its statement, in ms; a long silence the lock views do not explain is a stall. */
    private static long silentFor(Party p) {
        long since = p.sentAt;
        return since == 0 ? 0 : (System.nanoTime() - since) / 1_000_000;
    }

    private static void pause(long deadline) throws InterruptedException {
        if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("the replay did not finish within " + GIVE_UP_MS / 1000 + " s");
        }
        Thread.sleep(10);
    }
}
