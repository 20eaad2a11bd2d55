package dev.dbrace.inproc;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.api.Call;
import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.Seen;
import dev.dbrace.db.Dialect;
import dev.dbrace.explain.CallOnWire;
import dev.dbrace.gate.Gate;
import dev.dbrace.gate.WireStatement;
import dev.dbrace.outcome.ErrorClassifier;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.race.Aligner;
import dev.dbrace.race.Caller;
import dev.dbrace.race.CountingCaller;
import dev.dbrace.race.Ground;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The user's {@link GetOrCreate} on one racing thread. Its connection is taken from the race's pool
 * on first use and kept; a broken one is evicted and replaced at the next call.
 */
final class JavaCaller extends CountingCaller implements Call {

    private final String name;
    private final GetOrCreate code;
    private final HikariDataSource pool;
    private final RaceDataSource dataSource;
    private final String table;
    private final ErrorClassifier classifier;
    private final Samples samples;
    private final ErrorWatch.Watch watch;
    private final Dialect dialect;
    private Connection raw;
    private Connection connection;
    private final Ground ground;
    private List<Object> key;
    private boolean state;

    JavaCaller(String name, GetOrCreate code, HikariDataSource pool, RaceDataSource dataSource,
               Ground ground, Dialect dialect, Samples samples) {
        this.dialect = dialect;
        this.name = name;
        this.code = code;
        this.pool = pool;
        this.dataSource = dataSource;
        this.table = ground.table();
        this.ground = ground;
        this.classifier = dialect.classifier();
        this.samples = samples;
        this.watch = new ErrorWatch.Watch(errors, dialect);
    }

    /** Through the statement gate: this caller's pool (its gate's), which the DataSource serves on its thread. */
    private HikariDataSource own;
    /** An aimed race's barrier, which this caller's gate drives; the free race's passage does nothing. */
    private Aligner.Passage passage = Aligner.NONE.passage();

    /** The DataSource serves this caller's own pool (its gate's) to the code on its thread while it calls. */
    JavaCaller servingTheDataSource(Aligner.Passage passage, Gate gate) {
        this.own = pool;
        this.passage = passage;
        this.gate = gate;
        return this;
    }

    /** This caller's statement gate, or null when the code's statements go straight to the server. */
    private Gate gate;

    @Override
    public Caller.Call call(long k, boolean s) throws Broken {
        this.key = ground.key(k);
        this.state = s;
        dataSource.bind(own);
        if (gate != null) {
            gate.drain();           // a pool's housekeeping between calls belongs to no call
        }
        passage.start(k);
        Caller.Call call;
        try {
            call = callBound();
        } finally {
            passage.end();
            dataSource.bind(null);
        }
        List<WireStatement> wire = gate == null ? null : gate.drain();
        if (returned) {
            call = new Caller.Call(onWire(wire), call.id(), call.retries(), call.inDoubt());
        }
        if (sample != null) {
            Supplier<String> saw = sample;
            samples.add(call.outcome(), () -> saw.get()
                    + (wire == null ? "" : Samples.STATEMENTS + WireStatement.witness(wire)));
        }
        if (wire != null) {
            drawn(call.outcome(), wire);
        }
        return call;
    }

    /** Through the gate, the call's lane (a creator's, or a failing call's) for the samples to draw beside the other. */
    private void drawn(Outcome outcome, List<WireStatement> wire) {
        String who = name + " on " + Thread.currentThread().getName() + ": " + outcome.key();
        if (outcome == Outcome.CREATED) {
            samples.creator(key.toString(), WireStatement.lane(who, wire));
        } else if (!outcome.isSuccess() && samples.wantsDrawing(outcome)) {
            samples.failed(outcome, key.toString(), WireStatement.lane(who, wire));
        }
    }

    /** The code returned {@link Seen#returned}: created or found is read from its statements. */
    private boolean returned;

    /** Created when the call's statements inserted the row and committed ({@link CallOnWire}), else found. */
    private Outcome onWire(List<WireStatement> wire) throws Broken {
        if (wire == null) {
            throw new Broken(name + " returned Seen.returned(…), which only the statement gate can tell apart (created or "
                    + "found): race it with --gate, or return Seen.created or Seen.found", null);
        }
        if (!CallOnWire.touches(wire, table)) {
            throw new Broken(name + " returned Seen.returned(…) on key " + key + ", but sent no statement naming " + table
                    + " through the statement gate" + (wire.isEmpty() ? " (none at all)" : ": " + WireStatement.witness(wire))
                    + "; does the code reach the database through Call.connection() or Call.dataSource()?", null);
        }
        CallOnWire.Creation c = CallOnWire.creation(wire, table, dialect.name().equals("postgresql"));
        if (c == CallOnWire.Creation.UNKNOWN) {
            throw new Broken(name + " returned Seen.returned(…), but its statements cannot tell whether it created the "
                    + "row: " + WireStatement.witness(wire) + "; return Seen.created or Seen.found", null);
        }
        return c == CallOnWire.Creation.CREATED ? Outcome.CREATED : Outcome.FOUND;
    }

    /** What a failing call saw, kept until its statements are known: the sample shows both. */
    private Supplier<String> sample;

    private Caller.Call callBound() throws Broken {
        sample = null;
        returned = false;
        ErrorWatch.begin(watch);
        Outcome outcome;
        long id = 0;
        try {
            Seen seen = code.call(this);
            finish(true);
            outcome = seen == null ? Outcome.DOES_NOT_EXIST : switch (seen.kind()) {
                case CREATED -> Outcome.CREATED;
                case FOUND -> Outcome.FOUND;
                case RETURNED -> {
                    returned = true;
                    yield Outcome.FOUND;        // until its statements say (call(), once they are drained)
                }
                case DOES_NOT_EXIST -> Outcome.DOES_NOT_EXIST;
                case INTEGRITY_ERROR -> Outcome.INTEGRITY_ERROR;
            };
            id = seen == null ? 0 : seen.id();
            if (!outcome.isSuccess()) {
                sample = () -> name + " returned " + (seen == null ? "null" : seen);
            }
        } catch (Throwable t) {
            outcome = Thrown.classify(t, classifier);
            SQLException sql = Thrown.sqlCause(t);
            if (sql != null) {
                watch.record(sql, ErrorLog.UNKNOWN_STEP);        // counted once, whether or not it passed dbrace's connections
            }
            sample = () -> Thrown.sample(t);
            finish(false);
            if (t instanceof Error && !(t instanceof AssertionError)) {
                // the JVM's trouble, not the database's: stop the race and say so
                throw new Broken(name + " threw " + t + " on key " + key, t);
            }
        } finally {
            ErrorWatch.end();
        }
        if (watch.statements == 0) {
            handledErrorsUnseen();        // the code used connections of its own: their handled errors are unseen
        }
        return new Caller.Call(outcome, id, 0, outcome == Outcome.CONNECTION_ERROR || outcome == Outcome.CALL_TIMEOUT);
    }

    /** Commits (or rolls back) this thread's connection if the call took it; evicts it when broken. */
    private void finish(boolean commit) {
        if (connection == null) {
            return;
        }
        try {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            watch.record(e, commit ? "COMMIT" : "ROLLBACK");
            pool.evictConnection(raw);
            raw = null;
            connection = null;
        }
    }

    // --- Call ---

    @Override
    public long thingId() {
        return number(0);
    }

    @Override
    public long ownerId() {
        return number(1);
    }

    private long number(int column) {
        if (column >= key.size() || !(key.get(column) instanceof Number n)) {
            throw new IllegalStateException("key column " + (column + 1) + " of " + key + " is not a number; use key()");
        }
        return n.longValue();
    }

    @Override
    public List<Object> key() {
        return key;
    }

    @Override
    public boolean state() {
        return state;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public Connection connection() throws SQLException {
        if (connection != null && connection.isClosed()) {
            connection = null;
        }
        if (connection == null) {
            raw = pool.getConnection();
            connection = ErrorWatch.wrap(raw, dialect);
        }
        return connection;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    // --- Caller ---

    @Override
    public void close() {
        if (raw != null) {
            try {
                raw.rollback();
                raw.close();
            } catch (SQLException e) {
                pool.evictConnection(raw);
            }
            raw = null;
            connection = null;
        }
    }
}
