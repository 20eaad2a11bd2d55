package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.Tracer;

/**
 * One session of an exhaustive exploration: runs the strategy on its own thread and stops before every
 * statement that is a stop ({@link Stops}) until the {@link Explorer} grants it; the caller's ROLLBACK after a
 * failure is a stop too.
 */
final class Stepper extends ReplaySession implements Stepping {

    private final Turn turn;
    private final long serverSession;
    private final Stops stops;

    /** Thrown at a stop of an aborted session. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super("the run was cut short", null, false, false);
        }
    }

    Stepper(int no, Session session, Strategy strategy, Key key, boolean state, Recorder recorder, Moves moves,
            long serverSession, Stops stops) {
        super(no, session, strategy, key, state, recorder, moves.clock());
        this.turn = new Turn(moves);
        this.serverSession = serverSession;
        this.stops = stops;
    }

    @Override
    public boolean holdsLocks() {
        return stops.holdsLocks();
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

    @Override
    public void before(String sql) {
        codeDone();
        // dbrace's sessions run with autocommit off: every statement is in a transaction
        Footprint f = stops.next(sql, Dependence.Mode.IN_TRANSACTION);
        if (f != null && turn.awaitGrant(sql, f)) {
            throw new Aborted();
        }
        sending(sql);
    }

    @Override
    public void run() {
        Outcome seen = null;
        try {
            // the caller's rollback after a failure releases its locks: a stop like any other, unless the run was cut
            seen = call(() -> {
                if (turn.aborted()) {
                    session.trace(Tracer.NONE);
                }
                try {
                    ReplayedCall.rollback(session);
                } catch (Aborted cut) {
                    session.trace(Tracer.NONE);
                    ReplayedCall.rollback(session);
                }
            }).outcome();
        } finally {
            stops.ran();
            turn.done(seen);
        }
    }
}
