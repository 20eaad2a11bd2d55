package dev.dbrace.campaign;

import dev.dbrace.db.Dialect;
import dev.dbrace.db.Mask;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.DbError;
import dev.dbrace.race.ContenderFailedException;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.ServerGoneException;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.race.StrategyRun;
import dev.dbrace.report.RunReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Races a {@link Plan} on each database in turn, for {@code run} and {@code check} alike: opens the
 * target, skips what its server cannot express, races the rest, and ends every entry in a typed
 * {@link StrategyRun.Status}. Ctrl-C or SIGTERM stops the race in flight, which is still verified and
 * kept, and the caller writes the partial results before the JVM exits; a server that goes away
 * aborts the campaign with what completed before it.
 *
 * <pre>{@code
 * try (Campaign c = new Campaign(opener, listener, keepTables)) {
 *     Campaign.Result r = c.run(names, plan);
 *     ... write r's results ...
 * }   // only now may a Ctrl-C'd JVM exit
 * }</pre>
 */
public final class Campaign implements AutoCloseable {

    /** Opens a named database, having checked it can take the run. */
    @FunctionalInterface
    public interface Opener {
        /** @throws Unreachable after saying why the database cannot be used */
        Target open(String name) throws Unreachable;
    }

    /** A database that could not be opened; whoever raised it has said why. */
    public static final class Unreachable extends Exception {
        public Unreachable() {
            super(null, null, false, false);
        }
    }

    /** Hears what the campaign does, to print it. */
    public interface Listener {
        default void racing(Plan.Entry entry, Target target, RaceRunner runner) {
        }

        /** {@code entry} of the plan ended as {@code run}. */
        default void finished(Plan.Entry entry, StrategyRun run) {
        }
    }

    /**
     * What a campaign did.
     *
     * @param unreachable true when a database could not be opened; the campaign stopped there
     * @param interrupted true after Ctrl-C or SIGTERM
     * @param serverGone  true when a server went away mid-campaign
     * @param broken      true when a contender's callers broke (a worker that exited, hung or broke the protocol)
     */
    public record Result(List<RunReport.TargetInfo> targets, List<StrategyRun> runs, boolean unreachable,
                         boolean interrupted, boolean serverGone, boolean broken) {

        /** The runs that measured something (raced, or interrupted with a verified part). */
        public List<StrategyResult> results() {
            return runs.stream().filter(r -> r.result() != null).map(StrategyRun::result).toList();
        }

        /** The runs that were not raced to the end. */
        public List<StrategyRun> notRaced() {
            return runs.stream().filter(r -> r.status() != StrategyRun.Status.RACED).toList();
        }

        /** True when the plan was not raced to the end on every database. */
        public boolean partial() {
            return interrupted || serverGone || unreachable || broken;
        }
    }

    private final Opener opener;
    private final Listener listener;
    private final boolean keepTables;
    private final CountDownLatch written = new CountDownLatch(1);
    private final Thread hook;
    private volatile RaceRunner current;
    private volatile long callTimeoutMillis = 5_000;
    private volatile boolean interrupted;

    public Campaign(Opener opener, Listener listener, boolean keepTables) {
        this.opener = opener;
        this.listener = listener;
        this.keepTables = keepTables;
        this.hook = new Thread(this::interrupt, "dbrace-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** On Ctrl-C or SIGTERM: stop the race in flight, then hold the JVM until the results are written. */
    private void interrupt() {
        interrupted = true;
        RaceRunner r = current;
        if (r != null) {
            r.cancel();
        }
        try {
            // the calls in flight end within their bounds (a lock wait, or the driver's socket timeout of the
            // call timeout + 20 s); verification and writing follow
            written.await(callTimeoutMillis + 120_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Races {@code plan} on each database named.
     *
     * @throws Schema.ForeignTableException when a table dbrace would use is not dbrace's: nothing is touched
     */
    public Result run(List<String> databases, Plan plan) throws SQLException, InterruptedException {
        callTimeoutMillis = plan.config().callTimeout().toMillis();
        List<RunReport.TargetInfo> reached = new ArrayList<>();
        List<StrategyRun> runs = new ArrayList<>();
        boolean unreachable = false;
        Stop stop = Stop.NONE;
        int d = 0;
        for (; d < databases.size() && !interrupted && !unreachable && stop == Stop.NONE; d++) {
            Target t;
            try {
                t = opener.open(databases.get(d));
            } catch (Unreachable e) {
                unreachable = true;
                break;                  // this database too is left untried
            }
            try {
                Dialect dialect = t.dialect();
                reached.add(new RunReport.TargetInfo(t.label(), dialect.product(), dialect.version()));
                stop = raceOn(t, dialect, plan, runs);
            } finally {
                closeQuietly(t);
            }
        }
        String why = unreachable ? "the database could not be used" : stop == Stop.NONE ? "interrupted" : stop.why;
        for (String untried : databases.subList(d, databases.size())) {
            notStarted(plan.entries(), Mask.text(untried), runs, why);
        }
        return new Result(reached, runs, unreachable, interrupted, stop == Stop.SERVER_GONE, stop == Stop.BROKEN);
    }

    /** Why a campaign stopped before the end of its plan, other than Ctrl-C or an unusable database. */
    private enum Stop {
        NONE(""), SERVER_GONE("the server went away"), BROKEN("a worker failed");

        final String why;

        Stop(String why) {
            this.why = why;
        }
    }

    /** Races the plan on one database; says why it stopped early, if it did. */
    private Stop raceOn(Target t, Dialect dialect, Plan plan, List<StrategyRun> runs)
            throws SQLException, InterruptedException {
        RaceRunner runner = new RaceRunner(t, keepTables);
        current = runner;
        try {
            List<Plan.Entry> entries = plan.entries();
            for (int i = 0; i < entries.size(); i++) {
                Plan.Entry e = entries.get(i);
                if (interrupted) {
                    notStarted(entries.subList(i, entries.size()), t.label(), runs, "interrupted");
                    return Stop.NONE;
                }
                if (!e.contender().supportedBy(dialect)) {
                    add(runs, e, notRaced(e, t.label(), StrategyRun.Status.SKIPPED,
                            dialect.product() + " cannot express it (it needs " + e.contender().needs() + ")"));
                    continue;
                }
                listener.racing(e, t, runner);
                try {
                    StrategyResult r = runner.run(e.contender(), e.isolation(), plan.config().withSettings(e.settings()));
                    add(runs, e, runner.cutShort()
                            ? new StrategyRun(r.strategy(), r.isolation(), r.database(), StrategyRun.Status.ABORTED,
                                    "interrupted; the calls made before it are verified and kept", r)
                            : StrategyRun.raced(r));
                } catch (Schema.ForeignTableException x) {
                    throw x;
                } catch (ContenderFailedException x) {
                    // the calls made before it are kept; none made is no result (a table row of 0 calls read SAFE)
                    StrategyResult part = x.partial() != null && x.partial().calls() > 0 ? x.partial() : null;
                    add(runs, e, new StrategyRun(e.contender().name(), part != null ? part.isolation()
                            : e.isolation() == null ? null : e.isolation().key(), t.label(), StrategyRun.Status.BROKEN,
                            Mask.text(x.getMessage()), part));
                    notStarted(entries.subList(i + 1, entries.size()), t.label(), runs, Stop.BROKEN.why);
                    return Stop.BROKEN;
                } catch (SQLException | RuntimeException x) {
                    if (x instanceof ServerGoneException || connectionLost(dialect, x) || unreachable(t)) {
                        String why = x instanceof ServerGoneException ? x.getMessage()
                                : "the server went away while racing " + e.contender().name() + " (" + rootMessage(x) + ")";
                        add(runs, e, notRaced(e, t.label(), StrategyRun.Status.ABORTED, Mask.text(why)));
                        notStarted(entries.subList(i + 1, entries.size()), t.label(), runs, Stop.SERVER_GONE.why);
                        return Stop.SERVER_GONE;
                    }
                    add(runs, e, notRaced(e, t.label(), StrategyRun.Status.FAILED, Mask.text(rootMessage(x))));
                }
            }
            return Stop.NONE;
        } finally {
            current = null;
        }
    }

    /** Records the entries a stop left unraced on {@code database}, so that every entry of the plan ends in a status. */
    private void notStarted(List<Plan.Entry> rest, String database, List<StrategyRun> runs, String why) {
        for (Plan.Entry e : rest) {
            add(runs, e, notRaced(e, database, StrategyRun.Status.NOT_STARTED, why));
        }
    }

    /** An entry that ended without a result. */
    private static StrategyRun notRaced(Plan.Entry e, String database, StrategyRun.Status status, String why) {
        return new StrategyRun(e.contender().name(), e.isolation() == null ? null : e.isolation().key(), database,
                status, why, null);
    }

    /** An embedded server that fails to stop after its results are in does not undo them. */
    private static void closeQuietly(Target t) {
        try {
            t.close();
        } catch (Exception ignored) {
            // nothing to report: the results stand, and the server's folder is temporary
        }
    }

    private void add(List<StrategyRun> runs, Plan.Entry entry, StrategyRun run) {
        runs.add(run);
        listener.finished(entry, run);
    }

    /**
     * After an error that does not say what caused it (a driver's "statement closed", say): true when a
     * fresh connection fails too, i.e. the server is gone rather than the strategy at fault.
     */
    private static boolean unreachable(Target t) {
        try (Connection c = t.connect()) {
            return !c.isValid(10);
        } catch (SQLException e) {
            return true;
        }
    }

    /** True when {@code e} (or a cause, e.g. inside a pool's start-up error) is a broken or refused connection. */
    private static boolean connectionLost(Dialect dialect, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && dialect.classifier().classify(sql) == DbError.CONNECTION) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message, on one line. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    /** The results are written: a Ctrl-C'd JVM may exit now. */
    @Override
    public void close() {
        written.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for the latch just released
        }
    }
}
