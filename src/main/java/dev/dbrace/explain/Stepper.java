package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Steps;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.Tracer;

/**
 * One session of an exhaustive exploration: runs the strategy on its own thread and stops before every
 * statement until the {@link Explorer} grants it. {@code SAVEPOINT} and {@code RELEASE SAVEPOINT} are not
 * stopped at: they take no lock and change nothing the other session can see, so they run glued to the
 * statement around them.
 */
final class Stepper extends ReplaySession implements Stepping {

    private final Turn turn;
    private final long serverSession;

    /** Thrown at a stop of an aborted session. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super("the run was cut short", null, false, false);
        }
    }

    Stepper(int no, Session session, Strategy strategy, Key key, boolean state, Recorder recorder, Moves moves,
            long serverSession) {
        super(no, session, strategy, key, state, recorder);
        this.turn = new Turn(moves);
        this.serverSession = serverSession;
    }

    @Override
    public int no() {
        return no;
    }

    @Override
    public Turn turn() {
        return turn;
    }

    @Override
    public long sentAt() {
        return sentAt;
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
    public void before(String sql) {
        if (!glued(sql) && turn.awaitGrant(sql)) {
            throw new Aborted();
        }
        sending(sql);
    }

    @Override
    public void run() {
        Outcome seen = null;
        try {
            // the caller's rollback after a failure only releases: it is sent without a stop
            seen = call(() -> {
                session.trace(Tracer.NONE);
                ReplayedCall.rollback(session);
            }).outcome();
        } finally {
            turn.done(seen);
        }
    }
}
