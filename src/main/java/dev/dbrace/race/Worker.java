package dev.dbrace.race;

import dev.dbrace.strategy.KeySpace;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.db.Dialect;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.strategy.CallResult;
import dev.dbrace.strategy.DoesNotExistException;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.verify.Ledger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * One racing caller: owns one pooled connection, makes the calls its {@link KeySchedule.Cursor}
 * gives it, and counts what it saw in its own {@link WorkerStats}. When its connection breaks it
 * hands it back to the pool for eviction and takes a fresh one.
 */
final class Worker implements Runnable {

    /** What every worker of one race shares. */
    record Crew(HikariDataSource pool, Dialect dialect, String table, Strategy strategy, boolean priorRead,
                KeySchedule schedule, CyclicBarrier start, Ledger ledger, Samples samples, ServerWatch watch) {
    }

    private final Crew crew;
    private final KeySchedule.Cursor cursor;
    final WorkerStats stats = new WorkerStats();
    volatile Throwable crash;

    private Connection connection;
    private Session session;
    private int retriesOfDiscardedSession;

    Worker(int index, Connection connection, Crew crew) {
        this.crew = crew;
        this.cursor = crew.schedule().cursor(index);
        this.connection = connection;
        this.session = newSession(connection);
    }

    private Session newSession(Connection c) {
        return new Session(c, crew.dialect(), crew.table(), stats.errors, crew.priorRead());
    }

    @Override
    public void run() {
        try {
            crew.start().await();
            while (cursor.advance()) {
                call(cursor.key(), cursor.state(), cursor.intendedStartNanos(), cursor.measured());
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            crash = t;
            crew.schedule().stop();
            drain();
        } finally {
            release();
        }
    }

    /** After a crash: keep arriving at the schedule until the others have stopped too, so none waits forever. */
    private void drain() {
        try {
            while (cursor.advance()) {
                // stopped: the next round's barrier trip ends the race for everyone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One call. {@code t0} is when it was meant to start (with --rate, its slot on the schedule, so
     * time spent queued behind a stalled database counts); {@code measured} is false in the warm-up.
     */
    private void call(long k, boolean state, long t0, boolean measured) {
        Outcome outcome;
        long id = 0;
        boolean reachedServer = session != null || reconnect();
        if (!reachedServer) {
            outcome = Outcome.CONNECTION_ERROR;
        } else {
            try {
                CallResult r = crew.strategy().call(session, KeySpace.key(k), state);
                outcome = r.outcome();
                id = r.id();
            } catch (DoesNotExistException e) {
                outcome = Outcome.DOES_NOT_EXIST;
                crew.samples().add(outcome, e);
                rollback();
            } catch (SQLException e) {
                outcome = Outcome.of(session.classify(e));
                crew.samples().add(outcome, e);
                if (outcome == Outcome.CONNECTION_ERROR) {
                    discardConnection();     // a rollback on a dead connection would count the error twice
                } else {
                    rollback();
                }
            } catch (RuntimeException e) {
                outcome = Outcome.OTHER;
                crew.samples().add(outcome, e);
                rollback();
            }
        }
        long elapsed = System.nanoTime() - t0;
        int retries = retriesOfDiscardedSession + (session == null ? 0 : session.takeRetries());
        retriesOfDiscardedSession = 0;
        // a call that never got a connection cannot have committed anything
        boolean inDoubt = reachedServer && (outcome == Outcome.CONNECTION_ERROR || outcome == Outcome.CALL_TIMEOUT);
        crew.ledger().record(k, outcome, id, state, inDoubt);
        if (measured) {
            stats.record(outcome, elapsed, retries);
        }
    }

    private void rollback() {
        if (session == null) {
            return;
        }
        try {
            session.rollback();
        } catch (SQLException e) {
            discardConnection();
        }
    }

    private void discardConnection() {
        if (session != null) {
            retriesOfDiscardedSession += session.takeRetries();
            session.close();
            session = null;
        }
        if (connection != null) {
            crew.pool().evictConnection(connection);
            connection = null;
        }
    }

    /** Takes a fresh connection from the pool; counts a connection error if none comes. */
    private boolean reconnect() {
        try {
            connection = crew.pool().getConnection();
            session = newSession(connection);
            crew.watch().reconnected();
            return true;
        } catch (SQLException e) {
            stats.errors.add(DbError.CONNECTION);
            crew.samples().add(Outcome.CONNECTION_ERROR, e);
            crew.watch().lost(e);
            return false;
        }
    }

    private void release() {
        if (session != null) {
            session.close();
        }
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException e) {
                crew.pool().evictConnection(connection);
            }
        }
    }
}
