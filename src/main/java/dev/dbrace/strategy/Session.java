package dev.dbrace.strategy;

import dev.dbrace.db.Dialect;
import dev.dbrace.db.Upsert;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Steps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One worker's connection as the strategies see it: the handful of statements a get-or-create
 * needs, each of which records any database error it raises in the worker's {@link Tally} before
 * rethrowing it. That is how a report can say how many duplicate keys a strategy absorbed, not
 * only how many escaped. Every statement also passes a {@link Tracer}. Owned by one thread;
 * prepared statements are cached for its lifetime.
 */
public final class Session implements AutoCloseable {

    private final Connection connection;
    /** Where plain reads go: {@link #connection} itself, or a replica's (read routing). */
    private final Connection reads;
    private final Dialect dialect;
    private final String table;
    private final ErrorLog errors;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, PreparedStatement> readStatements;
    private final boolean priorRead;
    // the statements' text, built once per session rather than on every call
    private final String priorReadSql;
    private final String selectIdSql;
    private final String forUpdateSql;
    private final String forShareSql;
    private final String updateByKeySql;
    private final String insertSql;
    private final String updateSql;
    // statements that need a capability, built on first use (a dialect without it need not build them)
    private String insertIgnoringSql;
    private Upsert upsert;
    private Tracer tracer = Tracer.NONE;
    /** The current call's statements and answers (the caller clears it as each call starts). */
    private final CallTrace calls = new CallTrace();
    /** {@code explain}'s first-inserter-aborts: the caller's transaction fails after the call and rolls back. */
    private final boolean commitRollsBack;
    private int retries;
    /** The step that raised the last error, for the report's samples. */
    private String failedStep = "";
    /** The last error a statement raised, and its kind as classified at its step. */
    private SQLException lastError;
    private DbError lastKind;
    private int savepoints;
    private long lastInsertId;

    /** Binds a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads a statement's result. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws SQLException;
    }

    /**
     * @param priorRead when true, {@link #begin} reads the table first, as a request handler that has
     *                  already queried it would — which fixes a REPEATABLE READ snapshot early
     */
    public Session(Connection connection, Dialect dialect, String table, ErrorLog errors, boolean priorRead) {
        this(connection, connection, dialect, table, errors, priorRead);
    }

    /**
     * @param reads where the plain reads ({@link #selectId}, the prior read) go, as a read router sends them:
     *              a replica's connection in autocommit, or {@code connection} itself
     */
    public Session(Connection connection, Connection reads, Dialect dialect, String table, ErrorLog errors,
                   boolean priorRead) {
        this(connection, reads, dialect, table, errors, priorRead, false);
    }

    /**
     * A session whose caller's transaction fails after the get-or-create and rolls back: each COMMIT the strategy
     * sends is a ROLLBACK instead (explain's first-inserter-aborts). Fixed at construction, so no session built
     * for a race can be one.
     */
    public static Session rollingBackAtCommit(Connection connection, Dialect dialect, String table, ErrorLog errors,
                                              boolean priorRead) {
        return new Session(connection, connection, dialect, table, errors, priorRead, true);
    }

    private Session(Connection connection, Connection reads, Dialect dialect, String table, ErrorLog errors,
                    boolean priorRead, boolean commitRollsBack) {
        this.commitRollsBack = commitRollsBack;
        this.connection = connection;
        this.reads = reads;
        this.readStatements = reads == connection ? statements : new HashMap<>();
        this.dialect = dialect;
        this.table = table;
        this.errors = errors;
        this.priorRead = priorRead;
        this.priorReadSql = "SELECT COUNT(*) FROM " + table + " WHERE owner_id = ?";
        this.selectIdSql = "SELECT id FROM " + table + " WHERE thing_id = ? AND owner_id = ?";
        this.forUpdateSql = selectIdSql + dialect.forUpdate();
        this.forShareSql = selectIdSql + dialect.forShare();
        this.updateByKeySql = "UPDATE " + table + " SET state = ? WHERE thing_id = ? AND owner_id = ?";
        this.insertSql = "INSERT INTO " + table + " (thing_id, owner_id, state) VALUES (?, ?, ?)";
        this.updateSql = "UPDATE " + table + " SET state = ? WHERE id = ?";
    }

    /** The statements the current call has sent, with their answers. */
    public CallTrace calls() {
        return calls;
    }

    public Session trace(Tracer t) {
        this.tracer = t;
        return this;
    }

    /** The server's dialect: the statements and capabilities of its family. */
    public Dialect dialect() {
        return dialect;
    }

    /** The {@code myobj} table's real name. */
    public String table() {
        return table;
    }

    /**
     * Starts a caller's transaction for {@code key}. With {@code --prior-read} it first runs
     * {@code SELECT COUNT(*) FROM myobj WHERE owner_id = ?}, the "enclosing transaction already read
     * the table" case; strategies call this at the start of each transaction they begin.
     */
    public void begin(Key key) throws SQLException {
        if (priorRead) {
            run(priorReadSql, () -> {
                PreparedStatement ps = prepareRead(priorReadSql);
                ps.setLong(1, key.ownerId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }, String::valueOf);
        }
    }

    /** The dialect's native upsert for this session's table, built on first use. Needs {@link dev.dbrace.db.Capability#UPSERT}. */
    public Upsert upsert() {
        if (upsert == null) {
            upsert = dialect.upsert(table);
        }
        return upsert;
    }

    /** Counts one retry of the current call (for strategies that retry). */
    public void noteRetry() {
        retries++;
    }

    /** Retries noted since the last call, and resets the count. */
    public int takeRetries() {
        int n = retries;
        retries = 0;
        return n;
    }

    /** {@code SELECT id FROM myobj WHERE thing_id = ? AND owner_id = ?} — a plain (snapshot) read. */
    public OptionalLong selectId(Key key) throws SQLException {
        return run(selectIdSql, () -> readId(prepareRead(selectIdSql), key), Session::describeId);
    }

    /**
     * The same read with {@code FOR UPDATE}. InnoDB answers a locking read from the latest committed
     * row; PostgreSQL still only from rows its snapshot can see.
     */
    public OptionalLong selectIdForUpdate(Key key) throws SQLException {
        return queryId(forUpdateSql, key);
    }

    /** The same read in share mode ({@code LOCK IN SHARE MODE} on InnoDB, {@code FOR SHARE} on PostgreSQL). */
    public OptionalLong selectIdForShare(Key key) throws SQLException {
        return queryId(forShareSql, key);
    }

    /** {@code UPDATE myobj SET state = ? WHERE thing_id = ? AND owner_id = ?}: by key, not id; returns the update count. */
    public int updateByKey(Key key, boolean state) throws SQLException {
        return execute(updateByKeySql, ps -> {
            ps.setBoolean(1, state);
            ps.setLong(2, key.thingId());
            ps.setLong(3, key.ownerId());
        });
    }

    private OptionalLong queryId(String sql, Key key) throws SQLException {
        return run(sql, () -> readId(prepare(sql, false), key), Session::describeId);
    }

    private static OptionalLong readId(PreparedStatement ps, Key key) throws SQLException {
        ps.setLong(1, key.thingId());
        ps.setLong(2, key.ownerId());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    private static String describeId(OptionalLong r) {
        return r.isPresent() ? "1 row, id " + r.getAsLong() : "no row";
    }

    /** {@code INSERT INTO myobj (thing_id, owner_id, state) VALUES (?, ?, ?)}; returns the new id. */
    public long insert(Key key, boolean state) throws SQLException {
        return run(insertSql, () -> {
            PreparedStatement ps = prepare(insertSql, true);
            keyAndState(key, state).bind(ps);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) {
                    throw new SQLException("INSERT returned no generated id");
                }
                return rs.getLong(1);
            }
        }, id -> "inserted id " + id);
    }

    /**
     * The dialect's INSERT that ignores a duplicate key ({@code INSERT IGNORE}, {@code ON CONFLICT DO
     * NOTHING}); returns the update count (1 inserted, 0 a row with the key already existed).
     */
    public int insertIgnoringDuplicate(Key key, boolean state) throws SQLException {
        if (insertIgnoringSql == null) {
            insertIgnoringSql = dialect.insertIgnoringDuplicate(table);
        }
        return execute(insertIgnoringSql, keyAndState(key, state));
    }

    /**
     * Django's {@code transaction.atomic()} around {@code create()}: {@code SAVEPOINT}, {@code INSERT},
     * {@code RELEASE SAVEPOINT}; returns the new id. On a duplicate key: {@code ROLLBACK TO SAVEPOINT}
     * (and {@code RELEASE SAVEPOINT} when {@code releaseAfterDuplicate}), and empty; any other error escapes.
     */
    public OptionalLong insertInSavepoint(Key key, boolean state, boolean releaseAfterDuplicate) throws SQLException {
        Savepoint sp = savepoint();
        try {
            long id = insert(key, state);
            release(sp);
            return OptionalLong.of(id);
        } catch (SQLException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            if (releaseAfterDuplicate) {
                rollbackToAndRelease(sp);
            } else {
                rollbackTo(sp);
            }
            return OptionalLong.empty();
        }
    }

    /**
     * {@code UPDATE myobj SET state = ? WHERE id = ?}; returns the rows it matched, changed or not. A call that
     * inserted the row and finds 0 here is no longer in the transaction that inserted it.
     */
    public int update(long id, boolean state) throws SQLException {
        return run(updateSql, () -> {
            PreparedStatement ps = prepare(updateSql, false);
            ps.setBoolean(1, state);
            ps.setLong(2, id);
            return dialect.rowsMatched(ps, ps.executeUpdate());
        }, CallTrace::matched);
    }

    /** Binds the usual three parameters: thing_id, owner_id, state. */
    public static Binder keyAndState(Key key, boolean state) {
        return ps -> {
            ps.setLong(1, key.thingId());
            ps.setLong(2, key.ownerId());
            ps.setBoolean(3, state);
        };
    }

    /** Runs an update statement (an upsert, say); returns the update count. */
    public int execute(String sql, Binder binder) throws SQLException {
        return run(sql, () -> {
            PreparedStatement ps = prepare(sql, false);
            binder.bind(ps);
            return ps.executeUpdate();
        }, n -> n + (n == 1 ? " row" : " rows"));
    }

    /**
     * Runs an update statement; returns the update count. The id the server reported with it
     * ({@code LAST_INSERT_ID}, carried by the statement's own OK packet) is then {@link #lastInsertId()},
     * read from the driver without a round trip.
     */
    public int executeReadingLastInsertId(String sql, Binder binder) throws SQLException {
        return run(sql, () -> {
            PreparedStatement ps = prepare(sql, false);
            binder.bind(ps);
            int n = ps.executeUpdate();
            lastInsertId = dialect.lastInsertId(ps);
            return n;
        }, n -> n + (n == 1 ? " row" : " rows") + ", last insert id " + lastInsertId);
    }

    /** The id the last {@link #executeReadingLastInsertId} statement reported; 0 when the driver cannot tell. */
    public long lastInsertId() {
        return lastInsertId;
    }

    /** Runs a query and hands its result to {@code reader}. */
    public <T> T query(String sql, Binder binder, Reader<T> reader) throws SQLException {
        return run(sql, () -> {
            PreparedStatement ps = prepare(sql, false);
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        }, String::valueOf);
    }

    public Savepoint savepoint() throws SQLException {
        return run("SAVEPOINT s" + (++savepoints), connection::setSavepoint, sp -> "ok");
    }

    public void rollbackTo(Savepoint sp) throws SQLException {
        run("ROLLBACK TO SAVEPOINT s" + savepoints, () -> {
            connection.rollback(sp);
            return null;
        }, v -> "ok");
    }

    /**
     * {@code ROLLBACK TO SAVEPOINT} then {@code RELEASE SAVEPOINT}, as Django's {@code atomic()} does
     * when a block fails (the savepoint will not be reused).
     */
    public void rollbackToAndRelease(Savepoint sp) throws SQLException {
        rollbackTo(sp);
        release(sp);
    }

    public void release(Savepoint sp) throws SQLException {
        run("RELEASE SAVEPOINT s" + savepoints, () -> {
            connection.releaseSavepoint(sp);
            return null;
        }, v -> "ok");
    }

    public void commit() throws SQLException {
        if (commitRollsBack) {
            rollback();
            return;
        }
        run("COMMIT", () -> {
            connection.commit();
            return null;
        }, v -> "ok");
    }

    public void rollback() throws SQLException {
        run("ROLLBACK", () -> {
            connection.rollback();
            return null;
        }, v -> "ok");
    }

    /** The row a read returned, as "found" — or Django's DoesNotExist when the read returned none. */
    public CallResult foundOrDoesNotExist(OptionalLong id, Key key) throws DoesNotExistException {
        if (id.isEmpty()) {
            throw new DoesNotExistException(key);
        }
        return CallResult.found(id.getAsLong());
    }

    /** {@code myobj.save()}: {@code UPDATE myobj SET state = ? WHERE id = ?}, then {@code COMMIT}; returns {@code got}. */
    public CallResult saveAndCommit(CallResult got, boolean state) throws SQLException {
        update(got.id(), state);
        commit();
        return got;
    }

    /**
     * The step that raised the last error: {@code SELECT}, {@code SELECT … FOR UPDATE}, {@code INSERT},
     * {@code UPDATE}, {@code COMMIT}, …
     */
    public String failedStep() {
        return failedStep;
    }

    /**
     * The kind of database error {@code e} is: as classified at the step that raised it when a statement
     * of this session did (a cluster's 1213 at COMMIT is a certification failure, earlier a deadlock).
     */
    public DbError classify(SQLException e) {
        return e == lastError ? lastKind : dialect.classify(e, ErrorLog.UNKNOWN_STEP);
    }

    public boolean isDuplicateKey(SQLException e) {
        return classify(e) == DbError.DUPLICATE_KEY;
    }

    /** Sends one statement: trace it, and count any error it raises before rethrowing it. */
    private <T> T run(String sql, Action<T> action, Function<T, String> describe) throws SQLException {
        tracer.before(sql);
        T result;
        try {
            result = action.run();
        } catch (SQLException e) {
            failedStep = Steps.of(sql);
            lastError = e;
            lastKind = dialect.classify(e, failedStep);
            errors.add(lastKind, failedStep);
            calls.failed(sql, e);
            tracer.failed(sql, e);
            throw e;
        }
        calls.answered(sql, result, describe);
        if (tracer != Tracer.NONE) {
            tracer.after(sql, describe.apply(result));      // no string building on the racing path
        }
        return result;
    }

    /** A plain read's statement, on the read connection. */
    private PreparedStatement prepareRead(String sql) throws SQLException {
        if (reads == connection) {
            return prepare(sql, false);
        }
        PreparedStatement ps = readStatements.get(sql);
        if (ps == null) {
            ps = reads.prepareStatement(sql);
            readStatements.put(sql, ps);
        }
        return ps;
    }

    private PreparedStatement prepare(String sql, boolean returningId) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = returningId ? connection.prepareStatement(sql, new String[] {"id"}) : connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Closes the cached statements; the connection belongs to the caller. */
    @Override
    public void close() {
        closeAll(statements);
        closeAll(readStatements);
    }

    private static void closeAll(Map<String, PreparedStatement> cached) {
        for (PreparedStatement ps : cached.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection may already be gone; nothing to free server-side then
            }
        }
        cached.clear();
    }
}
