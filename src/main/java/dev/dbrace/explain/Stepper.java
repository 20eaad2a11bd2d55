package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Steps;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.Tracer;
import java.util.concurrent.Semaphore;

/**
 * One session of an exhaustive exploration: runs the strategy on its own thread and stops before every
 * statement until the {@link Explorer} grants it. {@code SAVEPOINT} and {@code RELEASE SAVEPOINT} are not
 * stopped at: they take no lock and change nothing the other session can see, so they run glued to the
 * statement around them.
 */
final class Stepper extends ReplaySession implements Stepping {

    private final Semaphore grant = new Semaphore(0);
    private final Moves moves;
    private final long serverSession;

    volatile Phase phase = Phase.STARTING;
    /** The statement it waits to send, or sends. */
    volatile String statement = "";
    volatile Outcome outcome;
    private volatile boolean aborted;

    /** Thrown at a stop of an aborted session. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super("the run was cut short", null, false, false);
        }
    }

    Stepper(int no, Session session, Strategy strategy, Key key, boolean state, Recorder recorder, Moves moves,
            long serverSession) {
        super(no, session, strategy, key, state, recorder);
        this.moves = moves;
        this.serverSession = serverSession;
    }

    @Override
    public int no() {
        return no;
    }

    @Override
    public Phase phase() {
        return phase;
    }

    @Override
    public String statement() {
        return statement;
    }

    @Override
    public long sentAt() {
        return sentAt;
    }

    @Override
    public Outcome outcome() {
        return outcome;
    }

    @Override
    public long serverSession() {
        return serverSession;
    }

    static boolean glued(String sql) {
        String step = Steps.of(sql);
        return step.equals("SAVEPOINT") || step.equals("RELEASE");
    }

    @Override
    public void grant() {
        phase = Phase.RUNNING;
        grant.release();
    }

    @Override
    public void abort() {
        aborted = true;
        grant.release();
    }

    private void become(Phase p) {
        phase = p;
        moves.made();
    }

    @Override
    public void before(String sql) {
        if (!glued(sql)) {
            statement = sql;
            if (!aborted) {
                become(Phase.WAITING);
                grant.acquireUninterruptibly();
            }
            if (aborted) {
                throw new Aborted();
            }
        }
        sending(sql);
    }

    @Override
    public void run() {
        try {
            // the caller's rollback after a failure only releases: it is sent without a stop
            outcome = call(() -> {
                session.trace(Tracer.NONE);
                ReplayedCall.rollback(session);
            }).outcome();
        } finally {
            become(Phase.DONE);
        }
    }
}
