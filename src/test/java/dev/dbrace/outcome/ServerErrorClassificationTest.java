package dev.dbrace.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dbrace.db.Target;
import dev.dbrace.db.Targets;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Provokes each kind of error on a real server and checks that the classifier — which looks only
 * at SQLState and vendor code — names it correctly.
 */
class ServerErrorClassificationTest {

    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    static Stream<Named<Supplier<Target>>> targets() {
        return Databases.mysqlFamily();
    }

    /** The servers {@link #prepare} made tables on: the shared services get them dropped however the tests went. */
    private static final Set<Target> USED = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void shutdown() {
        POOL.shutdownNow();
        Sql.dropOn(USED, "dbrace_err_child", "dbrace_err");
    }

    private static void prepare(Target t) throws SQLException {
        USED.add(t);
        Sql.run(t, "DROP TABLE IF EXISTS dbrace_err_child", "DROP TABLE IF EXISTS dbrace_err",
                "CREATE TABLE dbrace_err (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB",
                "CREATE TABLE dbrace_err_child (id INT PRIMARY KEY, parent INT NOT NULL, "
                        + "FOREIGN KEY (parent) REFERENCES dbrace_err (id)) ENGINE=InnoDB",
                "INSERT INTO dbrace_err VALUES (1, 0), (2, 0)");
    }

    private static DbError classify(Target t, SQLException e) throws SQLException {
        return t.dialect().classifier().classify(e);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void duplicateKeyAndForeignKey(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            SQLException dup = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO dbrace_err VALUES (1, 0)"));
            assertThat(dup.getErrorCode()).isEqualTo(1062);
            assertThat(classify(t, dup)).isEqualTo(DbError.DUPLICATE_KEY);
            assertThat(Outcome.of(classify(t, dup))).isEqualTo(Outcome.INTEGRITY_ERROR);

            SQLException fk = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO dbrace_err_child VALUES (1, 99)"));
            assertThat(fk.getErrorCode()).isEqualTo(1452);
            assertThat(classify(t, fk)).isEqualTo(DbError.FOREIGN_KEY);
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
            update(a, 1);
            update(b, 2);
            // a wants b's row 2 and b wants a's row 1: whichever asks second closes the cycle, so the
            // deadlock comes in either order and nothing needs to wait for the other (the server's lock
            // views were not a reliable sign of a's wait: two full runs saw none there for 50 s)
            Future<SQLException> aWaits = POOL.submit(() -> attempt(a, 2));
            SQLException bFails = attempt(b, 1);
            SQLException aFails = aWaits.get(30, TimeUnit.SECONDS);
            SQLException victim = bFails != null ? bFails : aFails;
            assertThat((Throwable) victim).as("one of the two is the deadlock victim").isNotNull();
            assertThat(victim.getErrorCode()).isEqualTo(1213);
            assertThat(classify(t, victim)).isEqualTo(DbError.DEADLOCK);
            assertThat(Outcome.of(classify(t, victim))).isEqualTo(Outcome.DEADLOCK);
            a.rollback();
            b.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void lockWaitTimeout(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection a = t.connect(); Connection b = t.connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            try (Statement s = b.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = 1");
            }
            update(a, 1);
            SQLException e = attempt(b, 1);
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getErrorCode()).isEqualTo(1205);
            assertThat(classify(t, e)).isEqualTo(DbError.LOCK_WAIT_TIMEOUT);
            a.rollback();
            b.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void statementTimeoutWhileWaitingForALock(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection a = t.connect(); Connection b = t.connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            try (Statement s = b.createStatement()) {
                s.execute("SET SESSION max_statement_time = 0.3");     // MariaDB's per-statement limit
            }
            update(a, 1);
            SQLException e = attempt(b, 1);
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getErrorCode()).isEqualTo(1969);
            assertThat(classify(t, e)).isEqualTo(DbError.QUERY_TIMEOUT);
            assertThat(Outcome.of(classify(t, e))).isEqualTo(Outcome.CALL_TIMEOUT);
            a.rollback();
            b.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void driverQueryTimeout(Supplier<Target> target) throws Exception {
        Target t = target.get();
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.executeQuery("SELECT SLEEP(5)"));
            assertThat((Throwable) e).as("Connector/J cancels the statement after 1 s").isNotNull();
            assertThat(classify(t, e)).isEqualTo(DbError.QUERY_TIMEOUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void killedConnection(Supplier<Target> target) throws Exception {
        Target t = target.get();
        try (Connection victim = t.connect(); Connection admin = t.connect()) {
            long id;
            try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                id = rs.getLong(1);
            }
            try (Statement s = admin.createStatement()) {
                s.execute("KILL CONNECTION " + id);
            }
            SQLException e = catchThrowableOfType(SQLException.class, () -> {
                try (Statement s = victim.createStatement()) {
                    s.executeQuery("SELECT 1");
                }
            });
            assertThat((Throwable) e).isNotNull();
            assertThat(classify(t, e)).isEqualTo(DbError.CONNECTION);
            assertThat(Outcome.of(classify(t, e))).isEqualTo(Outcome.CONNECTION_ERROR);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void snapshotIsolationConflictIsASerializationFailure(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection a = t.connect(); Connection b = t.connect()) {
            a.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.execute("SET SESSION innodb_snapshot_isolation = ON");
                s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                s.executeQuery("SELECT v FROM dbrace_err WHERE id = 1").close();    // fixes a's snapshot
            }
            try (Statement s = b.createStatement()) {
                s.execute("UPDATE dbrace_err SET v = v + 1 WHERE id = 1");           // autocommit
            }
            SQLException e = catchThrowableOfType(SQLException.class, () -> {
                try (Statement s = a.createStatement()) {
                    s.executeQuery("SELECT v FROM dbrace_err WHERE id = 1 FOR UPDATE").close();
                }
            });
            assertThat((Throwable) e).as("MariaDB refuses to lock a row changed after the snapshot").isNotNull();
            assertThat(e.getErrorCode()).isEqualTo(1020);
            assertThat(classify(t, e)).isEqualTo(DbError.SERIALIZATION_FAILURE);
            a.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void readOnlyTransaction(Supplier<Target> target) throws Exception {
        Target t = target.get();
        prepare(t);
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("START TRANSACTION READ ONLY");
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute("UPDATE dbrace_err SET v = 1"));
            assertThat(e.getErrorCode()).isEqualTo(1792);
            assertThat(classify(t, e)).isEqualTo(DbError.READ_ONLY);
            s.execute("ROLLBACK");
        }
    }

    @Test
    void wrongPasswordIsAccessDenied() throws Exception {
        Target good = Databases.mariaDbService();
        Target bad = Targets.forUrl(Databases.MARIADB_SERVICE_URL, "dbrace_nobody", "wrong");
        SQLException e = catchThrowableOfType(SQLException.class, () -> bad.connect().close());
        assertThat(e.getErrorCode()).isEqualTo(1045);
        assertThat(good.dialect().classifier().classify(e)).isEqualTo(DbError.ACCESS_DENIED);
    }

    private static void update(Connection c, int id) throws SQLException {
        SQLException e = attempt(c, id);
        if (e != null) {
            throw e;
        }
    }

    private static SQLException attempt(Connection c, int id) {
        return Sql.attempt(c, "UPDATE dbrace_err SET v = v + 1 WHERE id = " + id);
    }

}
