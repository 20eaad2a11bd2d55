package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Steps;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.Tracer;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;

/**
 * One session of an exhaustive exploration: runs the strategy on its own thread and stops before every
 * statement until the {@link Explorer} grants it. {@code SAVEPOINT} and {@code RELEASE SAVEPOINT} are not
 * stopped at: they take no lock and change nothing the other session can see, so they run glued to the
 * statement around them.
 */
final class Stepper implements Tracer, Runnable {

    /** Where the session is, as the explorer sees it. */
    enum Phase { STARTING, WAITING, RUNNING, DONE }

    final int no;
    private final Session session;
    private final Strategy strategy;
    private final Key key;
    private final boolean state;
    private final Recorder recorder;
    private final Semaphore grant = new Semaphore(0);
    private final Object changed;

    volatile Phase phase = Phase.STARTING;
    /** The statement it waits to send, or sends. */
    volatile String statement = "";
    /** When its granted statement was sent ({@link System#nanoTime()}); 0 between statements. */
    volatile long sentAt;
    volatile Outcome outcome;

    Stepper(int no, Session session, Strategy strategy, Key key, boolean state, Recorder recorder, Object changed) {
        this.no = no;
        this.session = session.trace(this);
        this.strategy = strategy;
        this.key = key;
        this.state = state;
        this.recorder = recorder;
        this.changed = changed;
    }

    static boolean glued(String sql) {
        String step = Steps.of(sql);
        return step.equals("SAVEPOINT") || step.equals("RELEASE");
    }

    void grant() {
        phase = Phase.RUNNING;
        grant.release();
    }

    private void become(Phase p) {
        synchronized (changed) {
            phase = p;
            changed.notifyAll();
        }
    }

    @Override
    public void before(String sql) {
        if (!glued(sql)) {
            statement = sql;
            become(Phase.WAITING);
            grant.acquireUninterruptibly();
        }
        recorder.sent(no, sql);
        sentAt = System.nanoTime();
    }

    @Override
    public void after(String sql, String result) {
        sentAt = 0;
        recorder.returned(no, sql, result);
    }

    @Override
    public void failed(String sql, SQLException e) {
        sentAt = 0;
        recorder.failed(no, sql, e);
    }

    @Override
    public void run() {
        try {
            // the caller's rollback after a failure only releases: it is sent without a stop
            outcome = ReplayedCall.run(no, session, strategy, key, state, recorder, () -> {
                session.trace(Tracer.NONE);
                ReplayedCall.rollback(session);
            }).outcome();
        } finally {
            become(Phase.DONE);
        }
    }
}
