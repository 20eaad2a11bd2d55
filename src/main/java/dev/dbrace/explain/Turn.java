package dev.dbrace.explain;

import dev.dbrace.explain.Stepping.Phase;
import dev.dbrace.outcome.Outcome;
import java.util.concurrent.Semaphore;

/**
 * Where one explored session stands, as the {@link Explorer} reads it, and the grant it parks on: what every
 * {@link Stepping} shares, whether it runs dbrace's strategy or a worker's call. Every change of phase is a move
 * the explorer is told of.
 */
final class Turn {

    private final Semaphore grant = new Semaphore(0);
    private final Moves moves;
    private volatile Phase phase = Phase.STARTING;
    private volatile String statement = "";
    private volatile Footprint footprint = Footprint.EVERYTHING;
    private volatile Outcome outcome;
    private volatile boolean aborted;
    private volatile long grantedAt;
    private volatile long movedAt;

    Turn(Moves moves) {
        this.moves = moves;
    }

    Phase phase() {
        return phase;
    }

    /** The statement it waits to send, or sends. */
    String statement() {
        return statement;
    }

    /** What the statement it waits to send does, as other sessions see it. */
    Footprint footprint() {
        return footprint;
    }

    /** When it last parked or finished ({@link System#nanoTime()}). */
    long movedAt() {
        return movedAt;
    }

    /** The run's clock. */
    StopClock clock() {
        return moves.clock();
    }

    /** True once the run was cut short. */
    boolean aborted() {
        return aborted;
    }

    /** What its caller saw; null until {@link Phase#DONE}. */
    Outcome outcome() {
        return outcome;
    }

    /**
     * Parks before {@code sql}, a step, until granted; an aborted session does not park. True when the run was cut
     * short, and the caller must end its call.
     */
    boolean awaitGrant(String sql, Footprint f) {
        statement = sql;
        footprint = f;
        if (!aborted) {
            become(Phase.WAITING);
            grant.acquireUninterruptibly();
            if (!aborted) {
                moves.clock().since(StopClock.Part.GRANT_TO_SEND, grantedAt);
            }
        }
        return aborted;
    }

    void grant() {
        grantedAt = System.nanoTime();
        phase = Phase.RUNNING;
        grant.release();
    }

    void abort() {
        aborted = true;
        grant.release();
    }

    /** The call is over; {@code seen} is what its caller saw (null when it threw). */
    void done(Outcome seen) {
        outcome = seen;
        become(Phase.DONE);
    }

    private void become(Phase p) {
        movedAt = System.nanoTime();
        phase = p;
        moves.made();
    }
}
