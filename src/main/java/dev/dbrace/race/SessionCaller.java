package dev.dbrace.race;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.strategy.CallResult;
import dev.dbrace.strategy.CallTrace;
import dev.dbrace.strategy.DoesNotExistException;
import dev.dbrace.strategy.KeySpace;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.Tracer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A built-in strategy's caller: one pooled connection and its {@link Session}. When the connection
 * breaks it hands it back to the pool for eviction and takes a fresh one on the next call.
 */
final class SessionCaller extends CountingCaller {

    private final Strategy strategy;
    private final HikariDataSource pool;
    /** Where routed plain reads go; null when they go to {@link #pool} with the writes. */
    private final HikariDataSource readPool;
    private final Arena arena;
    private final Samples samples;
    /** This caller's way through an aimed race's second barrier, one for all its calls. */
    private final Aligner.Passage passage;
    private Connection connection;
    private Connection readConnection;
    private Session session;
    private int retriesOfDiscardedSession;
    /** The node this caller writes through, and its connection's server session, for {@link Creators}. */
    private final String node;
    private long serverSession;

    /**
     * @param readPool       the read server's pool, or null when reads are not routed
     * @param readConnection a connection of {@code readPool}; null with it
     */
    SessionCaller(Strategy strategy, String node, HikariDataSource pool, Connection connection, HikariDataSource readPool,
                  Connection readConnection, Arena arena) throws SQLException {
        this.node = node;
        this.strategy = strategy;
        this.pool = pool;
        this.readPool = readPool;
        this.arena = arena;
        this.samples = arena.samples();
        this.passage = arena.aligner().passage();
        this.connection = connection;
        this.readConnection = readConnection;
        this.session = newSession();
    }

    /** A session on {@link #connection}; reads its server session id first (one round trip, then a rollback). */
    private Session newSession() throws SQLException {
        serverSession = arena.dialect().sessionId(connection);
        connection.rollback();
        return new Session(connection, readConnection == null ? connection : readConnection, arena.dialect(),
                arena.schema().myobj(), errors, arena.config().priorRead());
    }

    /** The call's statements so far, as a sample shows them after {@link Samples#STATEMENTS}; "" when none. */
    private static String statements(Session s) {
        List<CallTrace.TracedStatement> trace = s.calls().snapshot();
        if (trace.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(Samples.STATEMENTS);
        for (int i = 0; i < trace.size(); i++) {
            b.append(i == 0 ? "" : Samples.BETWEEN).append(trace.get(i));
        }
        return b.toString();
    }

    @Override
    public Call call(long k, boolean state) {
        Outcome outcome;
        long id = 0;
        boolean reachedServer = session != null || reconnect();
        if (!reachedServer) {
            outcome = Outcome.CONNECTION_ERROR;
            passage.start(k);
            passage.end();      // it never reaches the step: its round need not wait for it
        } else {
            passage.start(k);
            session.trace(passage.tracer());
            session.calls().clear();
            try {
                CallResult r = strategy.call(session, KeySpace.key(k), state);
                outcome = r.outcome();
                id = r.id();
                if (outcome == Outcome.CREATED) {
                    arena.creators().add(k, node, serverSession, id, session.calls().snapshot());
                }
            } catch (DoesNotExistException e) {
                outcome = Outcome.DOES_NOT_EXIST;
                Session failed = session;
                samples.add(outcome, () -> Samples.text(e) + statements(failed));
                rollback();
            } catch (SQLException e) {
                outcome = Outcome.of(session.classify(e));
                Session failed = session;
                samples.add(outcome, () -> "at " + failed.failedStep() + ": " + Samples.text(e) + statements(failed));
                if (outcome == Outcome.CONNECTION_ERROR) {
                    discardConnection();     // a rollback on a dead connection would count the error twice
                } else {
                    rollback();
                }
            } catch (RuntimeException e) {
                outcome = Outcome.OTHER;
                samples.add(outcome, e);
                rollback();
            } finally {
                passage.end();
                if (session != null) {
                    session.trace(Tracer.NONE);
                }
            }
        }
        int retries = retriesOfDiscardedSession + (session == null ? 0 : session.takeRetries());
        retriesOfDiscardedSession = 0;
        // a call that never got a connection cannot have committed anything
        boolean inDoubt = reachedServer && (outcome == Outcome.CONNECTION_ERROR || outcome == Outcome.CALL_TIMEOUT);
        return new Call(outcome, id, retries, inDoubt);
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
        if (readConnection != null) {
            readPool.evictConnection(readConnection);
            readConnection = null;
        }
    }

    /** Takes a fresh connection from the pool; counts a connection error if none comes. */
    private boolean reconnect() {
        try {
            connection = pool.getConnection();
            if (readPool != null) {
                readConnection = readPool.getConnection();
            }
            session = newSession();
            arena.watch().reconnected();
            return true;
        } catch (SQLException e) {
            errors.add(DbError.CONNECTION, ErrorLog.CONNECT_STEP);
            discardConnection();         // the write connection, when only the read server refused
            samples.add(Outcome.CONNECTION_ERROR, e);
            arena.watch().lost(e);
            return false;
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException e) {
                pool.evictConnection(connection);
            }
            connection = null;
        }
        if (readConnection != null) {
            try {
                readConnection.close();
            } catch (SQLException e) {
                readPool.evictConnection(readConnection);
            }
            readConnection = null;
        }
    }
}
