package dev.dbrace.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dbrace.db.Target;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each PostgreSQL error kind provoked on a real server and classified by SQLState. */
class PostgresErrorClassificationTest {

    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    static Stream<Named<Supplier<Target>>> targets() {
        return Databases.postgres();
    }

    /** The servers {@link #prepare} made tables on: the shared services get them dropped however the tests went. */
    private static final Set<Target> USED = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void shutdown() {
        POOL.shutdownNow();
        Sql.dropOn(USED, "dbrace_err");
    }

    private static void prepare(Target t) throws SQLException {
        USED.add(t);
        Sql.run(t, "DROP TABLE IF EXISTS dbrace_err", "CREATE TABLE dbrace_err (id INT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO dbrace_err VALUES (1, 0), (2, 0)");
    }

    private static DbError classify(Target t, SQLException e) throws SQLException {
        return t.dialect().classifier().classify(e);
    }

    private static SQLException attempt(Connection c, String sql) {
        return Sql.attempt(c, sql);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void duplicateKeyThenAbortedTransaction(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection c = t.connect()) {
            c.setAutoCommit(false);
            SQLException dup = attempt(c, "INSERT INTO dbrace_err VALUES (1, 0)");
            assertThat(dup.getSQLState()).isEqualTo("23505");
            assertThat(classify(t, dup)).isEqualTo(DbError.DUPLICATE_KEY);
            SQLException aborted = attempt(c, "SELECT 1");
            assertThat(aborted.getSQLState()).isEqualTo("25P02");
            assertThat(classify(t, aborted)).isEqualTo(DbError.TRANSACTION_ABORTED);
            c.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void deadlock(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection a = t.connect(); Connection b = t.connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            long aSession = t.dialect().sessionId(a);
            attempt(a, "UPDATE dbrace_err SET v = 1 WHERE id = 1");
            attempt(b, "UPDATE dbrace_err SET v = 1 WHERE id = 2");
            Future<SQLException> aWaits = POOL.submit(() -> attempt(a, "UPDATE dbrace_err SET v = 2 WHERE id = 2"));
            // evidence, not time: the server shows a waiting for b's lock before b closes the cycle
            try (Connection admin = t.connect()) {
                long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (!t.dialect().waitsForLock(admin, aSession)) {
                    assertThat(System.nanoTime() - until).as("a never waited for b's lock").isNegative();
                    Thread.sleep(5);
                }
            }
            SQLException bFails = attempt(b, "UPDATE dbrace_err SET v = 2 WHERE id = 1");
            SQLException aFails = aWaits.get(30, TimeUnit.SECONDS);
            SQLException victim = bFails != null ? bFails : aFails;
            assertThat(victim.getSQLState()).isEqualTo("40P01");
            assertThat(classify(t, victim)).isEqualTo(DbError.DEADLOCK);
            a.rollback();
            b.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void serializationFailure(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection a = t.connect(); Connection b = t.connect()) {
            a.setAutoCommit(false);
            attempt(a, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            attempt(a, "SELECT v FROM dbrace_err WHERE id = 1");
            attempt(b, "UPDATE dbrace_err SET v = 5 WHERE id = 1");
            SQLException e = attempt(a, "UPDATE dbrace_err SET v = 6 WHERE id = 1");
            assertThat(e.getSQLState()).isEqualTo("40001");
            assertThat(classify(t, e)).isEqualTo(DbError.SERIALIZATION_FAILURE);
            assertThat(Outcome.of(classify(t, e))).isEqualTo(Outcome.SERIALIZATION_FAILURE);
            a.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void lockTimeoutAndStatementTimeout(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection a = t.connect(); Connection b = t.connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            attempt(a, "UPDATE dbrace_err SET v = 1 WHERE id = 1");
            attempt(b, "SET lock_timeout = 200");
            SQLException lock = attempt(b, "UPDATE dbrace_err SET v = 2 WHERE id = 1");
            assertThat(lock.getSQLState()).isEqualTo("55P03");
            assertThat(classify(t, lock)).isEqualTo(DbError.LOCK_WAIT_TIMEOUT);
            b.rollback();
            attempt(b, "SET statement_timeout = 200");
            SQLException stmt = attempt(b, "SELECT pg_sleep(2)");
            assertThat(stmt.getSQLState()).isEqualTo("57014");
            assertThat(classify(t, stmt)).isEqualTo(DbError.QUERY_TIMEOUT);
            a.rollback();
            b.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void terminatedBackendAndReadOnly(Supplier<Target> target) throws Exception {
        Target t = target.get();
        try (Connection victim = t.connect(); Connection admin = t.connect()) {
            int pid;
            try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            attempt(admin, "SELECT pg_terminate_backend(" + pid + ")");
            SQLException e = attempt(victim, "SELECT 1");
            assertThat((Throwable) e).isNotNull();
            assertThat(classify(t, e)).isEqualTo(DbError.CONNECTION);

            admin.setAutoCommit(false);
            attempt(admin, "SET TRANSACTION READ ONLY");
            SQLException ro = attempt(admin, "CREATE TEMP TABLE dbrace_ro (x int)");
            assertThat(ro.getSQLState()).isEqualTo("25006");
            assertThat(classify(t, ro)).isEqualTo(DbError.READ_ONLY);
            admin.rollback();
        }
    }
}
