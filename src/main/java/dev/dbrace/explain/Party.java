package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.Tracer;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.function.BiPredicate;

/**
 * One of the two sessions of a replay: runs the strategy on its own thread and reports every
 * statement to the {@link Recorder}. It can be held before a chosen statement until the driver
 * lets it go, and the driver can see how long it has been inside a statement (a lock wait).
 */
final class Party implements Tracer, Runnable {

    final int no;
    private final Session session;
    private final Strategy strategy;
    private final Key key;
    private final boolean state;
    private final Recorder recorder;
    private final BiPredicate<Integer, String> holdBefore;
    private final Semaphore resume = new Semaphore(0);
    private boolean heldOnce;
    private int sent;

    volatile boolean held;
    volatile boolean done;
    volatile long inStatementSince;
    volatile int statement;
    volatile Outcome outcome;
    volatile long id;

    /** @param holdBefore (statement number from 1, SQL) → hold before sending it; tested until it first holds */
    Party(int no, Session session, Strategy strategy, Key key, boolean state, Recorder recorder,
          BiPredicate<Integer, String> holdBefore) {
        this.no = no;
        this.session = session.trace(this);
        this.strategy = strategy;
        this.key = key;
        this.state = state;
        this.recorder = recorder;
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
        recorder.sent(no, sql);
        inStatementSince = System.nanoTime();
    }

    @Override
    public void after(String sql, String result) {
        inStatementSince = 0;
        recorder.returned(no, sql, result);
    }

    @Override
    public void failed(String sql, SQLException e) {
        inStatementSince = 0;
        recorder.failed(no, sql, e);
    }

    @Override
    public void run() {
        try {
            ReplayedCall.Result r = ReplayedCall.run(no, session, strategy, key, state, recorder,
                    () -> ReplayedCall.rollback(session));
            id = r.id();
            outcome = r.outcome();
        } finally {
            done = true;
        }
    }
}
