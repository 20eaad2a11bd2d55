package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import java.util.concurrent.Semaphore;
import java.util.function.BiPredicate;

/**
 * One of the two sessions of a replay: runs the strategy on its own thread and reports every
 * statement to the {@link Recorder}. It can be held before a chosen statement until the driver
 * lets it go, and the driver can see how long it has been inside a statement (a lock wait).
 */
final class Party extends ReplaySession {

    private final BiPredicate<Integer, String> holdBefore;
    private final Semaphore resume = new Semaphore(0);
    private boolean heldOnce;
    private int sent;

    volatile boolean held;
    volatile boolean done;
    volatile int statement;
    volatile Outcome outcome;
    volatile long id;

    /** @param holdBefore (statement number from 1, SQL) → hold before sending it; tested until it first holds */
    Party(int no, Session session, Strategy strategy, Key key, boolean state, Recorder recorder,
          BiPredicate<Integer, String> holdBefore) {
        super(no, session, strategy, key, state, recorder, StopClock.NONE);
        this.holdBefore = holdBefore;
    }

    Thread start() {
        Thread t = new Thread(this, "dbrace-explain-T" + no);
        t.setDaemon(true);
        t.start();
        return t;
    }

    void release() {
        resume.release();
    }

    @Override
    public void before(String sql) {
        sent++;
        if (!heldOnce && holdBefore.test(sent, sql)) {
            heldOnce = true;
            held = true;
            resume.acquireUninterruptibly();
            held = false;
        }
        statement = sent;
        sending(sql);
    }

    @Override
    public void run() {
        try {
            ReplayedCall.Result r = call(() -> ReplayedCall.rollback(session));
            id = r.id();
            outcome = r.outcome();
        } finally {
            done = true;
        }
    }
}
