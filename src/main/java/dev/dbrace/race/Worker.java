package dev.dbrace.race;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.measure.Latency;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.outcome.Tally;
import dev.dbrace.strategy.CallResult;
import dev.dbrace.strategy.DoesNotExistException;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.db.Dialect;
import dev.dbrace.verify.Ledger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One racing caller: owns one pooled connection, makes calls, and counts what it saw in its own
 * tallies and histograms (merged by {@link RaceRunner} once it has stopped). When its connection
 * breaks it hands it back to the pool for eviction and takes a fresh one.
 */
final class Worker implements Runnable {

    /** Calls needing more retries than this are counted in the last slot. */
    static final int RETRY_SLOTS = 33;

    private final int index;
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String table;
    private final Strategy strategy;
    private final RaceConfig config;
    private final RoundGate gate;
    private final CyclicBarrier start;
    private final Ledger ledger;
    private final Samples samples;
    /** Written by the start barrier's action (so visible once {@code start} has tripped): when the race began. */
    private final long[] startNanos;
    private final ServerWatch watch;

    final Tally<Outcome> outcomes = new Tally<>(Outcome.class);
    final Tally<DbError> errors = new Tally<>(DbError.class);
    final Latency latency = new Latency();
    final long[] retriesPerCall = new long[RETRY_SLOTS];
    volatile long calls;
    volatile long anomalies;
    /** System.nanoTime() when this worker's first call ended in DoesNotExist or IntegrityError; 0 if none. */
    volatile long firstRaceAnomalyNanos;
    volatile Throwable crash;
    private volatile boolean stopped;

    private Connection connection;
    private Session session;
    private int retriesOfDiscardedSession;

    Worker(int index, Connection connection, HikariDataSource pool, Dialect dialect, String table, Strategy strategy,
           RaceConfig config, RoundGate gate, CyclicBarrier start, Ledger ledger, Samples samples, long[] startNanos,
           ServerWatch watch) {
        this.index = index;
        this.connection = connection;
        this.pool = pool;
        this.dialect = dialect;
        this.table = table;
        this.strategy = strategy;
        this.config = config;
        this.gate = gate;
        this.start = start;
        this.ledger = ledger;
        this.samples = samples;
        this.startNanos = startNanos;
        this.watch = watch;
        this.session = newSession(connection);
    }

    private Session newSession(Connection c) {
        return new Session(c, dialect, table, errors, config.priorRead());
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            start.await();
            if (gate != null) {
                long k;
                while ((k = gate.next()) >= 0) {
                    long intended = gate.intendedStartNanos();
                    call(k, ((k + index) & 1) == 0, intended != 0 ? intended : System.nanoTime(), !gate.isWarmup(k));
                }
            } else {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long interval = config.intervalNanos();
                long total = config.duration() != null ? Long.MAX_VALUE : config.warmup() + config.rounds();
                long scheduleStart = 0;
                long deadlineNanos = config.duration() == null ? Long.MAX_VALUE : startNanos[0] + config.duration().toNanos();
                for (long i = 0; i < total && !stopped && System.nanoTime() - deadlineNanos < 0; i++) {
                    boolean measured = i >= config.warmup();
                    long t0 = System.nanoTime();
                    if (measured && interval > 0) {
                        if (scheduleStart == 0) {
                            // threads start their schedules spread over one interval, not all at once
                            scheduleStart = t0 + interval * index / config.threads();
                        }
                        long intended = scheduleStart + (i - config.warmup()) * interval;
                        while (System.nanoTime() - intended < 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(intended - System.nanoTime());
                        }
                        t0 = intended;
                    }
                    call(rnd.nextInt(config.hotKeys()), rnd.nextBoolean(), t0, measured);
                }
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            crash = t;
            if (gate != null) {
                gate.stop();
                drain();
            }
        } finally {
            release();
        }
    }

    /** After a crash: keep arriving at the barrier until the others have stopped too, so none waits forever. */
    private void drain() {
        try {
            while (gate.next() >= 0) {
                // the gate is stopped: the next barrier trip returns -1 for everyone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One call. {@code t0} is when it was meant to start (with --rate, its slot on the schedule, so
     * time spent queued behind a stalled database counts); {@code record} is false in the warm-up.
     */
    private void call(long k, boolean state, long t0, boolean record) {
        Outcome outcome;
        long id = 0;
        boolean reachedServer = session != null || reconnect();
        if (!reachedServer) {
            outcome = Outcome.CONNECTION_ERROR;
        } else {
            try {
                CallResult r = strategy.call(session, KeySpace.key(k), state);
                outcome = r.outcome();
                id = r.id();
            } catch (DoesNotExistException e) {
                outcome = Outcome.DOES_NOT_EXIST;
                samples.add(outcome, e);
                rollback();
            } catch (SQLException e) {
                outcome = Outcome.of(session.classify(e));
                samples.add(outcome, e);
                if (outcome == Outcome.CONNECTION_ERROR) {
                    discardConnection();     // a rollback on a dead connection would count the error twice
                } else {
                    rollback();
                }
            } catch (RuntimeException e) {
                outcome = Outcome.OTHER;
                samples.add(outcome, e);
                rollback();
            }
        }
        long elapsed = System.nanoTime() - t0;
        int retries = retriesOfDiscardedSession + (session == null ? 0 : session.takeRetries());
        retriesOfDiscardedSession = 0;
        // a call that never got a connection cannot have committed anything
        boolean inDoubt = reachedServer && (outcome == Outcome.CONNECTION_ERROR || outcome == Outcome.CALL_TIMEOUT);
        ledger.record(k, outcome, id, state, inDoubt);
        if (!record) {
            return;
        }
        latency.record(outcome.isSuccess(), elapsed);
        retriesPerCall[Math.min(RETRY_SLOTS - 1, retries)]++;
        outcomes.add(outcome);
        if (!outcome.isSuccess()) {
            anomalies++;
            if (outcome.isRaceAnomaly() && firstRaceAnomalyNanos == 0) {
                firstRaceAnomalyNanos = System.nanoTime();
            }
        }
        calls++;
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
            pool.evictConnection(connection);
            connection = null;
        }
    }

    /** Takes a fresh connection from the pool; counts a connection error if none comes. */
    private boolean reconnect() {
        try {
            connection = pool.getConnection();
            session = newSession(connection);
            watch.reconnected();
            return true;
        } catch (SQLException e) {
            errors.add(DbError.CONNECTION);
            samples.add(Outcome.CONNECTION_ERROR, e);
            watch.lost(e);
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
                pool.evictConnection(connection);
            }
        }
    }
}
