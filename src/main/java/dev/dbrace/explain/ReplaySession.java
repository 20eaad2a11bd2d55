package dev.dbrace.explain;

import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.Tracer;
import java.sql.SQLException;

/**
 * One session of a replay ({@link Party}) or an exploration ({@link Stepper}): runs the strategy on its own
 * thread, records every statement in the {@link Recorder}, and shows the driver since when its statement in
 * flight was sent (a long one may be a lock wait). Subclasses decide when a statement may be sent.
 */
abstract class ReplaySession implements Tracer, Runnable {

    final int no;
    final Session session;
    private final Strategy strategy;
    private final Key key;
    private final boolean state;
    final Recorder recorder;
    /** When the statement in flight was sent ({@link System#nanoTime()}); 0 between statements. */
    volatile long sentAt;
    /** When the statement sent last was answered; 0 before the first answer. */
    private volatile long answeredAt;
    /** Where an exploration's stepper records its statements' spans; {@link StopClock#NONE} for a replay. */
    private final StopClock clock;

    ReplaySession(int no, Session session, Strategy strategy, Key key, boolean state, Recorder recorder,
                  StopClock clock) {
        this.no = no;
        this.session = session.trace(this);
        this.strategy = strategy;
        this.key = key;
        this.state = state;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Records {@code sql} as sent, now. */
    final void sending(String sql) {
        recorder.sent(no, sql);
        sentAt = System.nanoTime();
    }

    @Override
    public final void after(String sql, String result) {
        answered();
        recorder.returned(no, sql, result);
    }

    @Override
    public final void failed(String sql, SQLException e) {
        answered();
        recorder.failed(no, sql, e);
    }

    /** The code has its next statement: the span since the last answer ends (before any wait for a grant). */
    final void codeDone() {
        clock.since(StopClock.Part.CODE, answeredAt);
        answeredAt = 0;
    }

    private void answered() {
        clock.since(StopClock.Part.IN_FLIGHT, sentAt);
        answeredAt = System.nanoTime();
        sentAt = 0;
    }

    /** The call; a failure is recorded as the caller sees it and {@code rollback} runs, as its handler would. */
    final ReplayedCall.Result call(Runnable rollback) {
        return ReplayedCall.run(no, session, strategy, key, state, recorder, rollback);
    }
}
