package dev.dbrace.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.support.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
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

/**
 * {@link Dialect#waitsForLock} is what {@code explain --all} builds its schedules on: it must show a session that
 * waits for a row lock, and stop showing it by the time the COMMIT or ROLLBACK that releases the lock has returned
 * (else the explorer would take a woken session for a blocked one, and replays would diverge). The views of row
 * locks alone ({@link Dialect#rowLockWaiters}, what the explorer reads while no statement could take another lock) show
 * the same.
 */
class LockWaitViewTest {

    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static final int ROUNDS = 30;

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static Stream<Named<Supplier<Target>>> servers() {
        return Stream.concat(Databases.mysqlFamily(), Databases.postgres());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aWaiterShowsUntilTheStatementThatReleasesItsLockReturns(Supplier<Target> server) throws Exception {
        Target t = server.get();
        try (Connection admin = t.connect()) {
            try (Statement s = admin.createStatement()) {
                s.execute("DROP TABLE IF EXISTS dbrace_lockview");
                s.execute("CREATE TABLE dbrace_lockview (k INT PRIMARY KEY)");
            }
            try (Connection a = t.connect(); Connection b = t.connect()) {
                a.setAutoCommit(false);
                b.setAutoCommit(false);
                long aSession = t.dialect().sessionId(a);
                long bSession = t.dialect().sessionId(b);
                a.rollback();
                b.rollback();
                for (int round = 1; round <= ROUNDS; round++) {
                    int k = round;
                    boolean commit = k % 2 == 0;
                    insert(a, k);
                    Future<SQLException> bInserts = POOL.submit(() -> attempt(b, k));
                    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                    while (!t.dialect().waitsForLock(admin, bSession)) {
                        assertThat(System.nanoTime() - until).as("b never showed waiting for a's row").isNegative();
                        assertThat(bInserts.isDone()).as("b's INSERT returned without waiting").isFalse();
                        Thread.sleep(1);
                    }
                    assertThat(t.dialect().rowLockWaiters(admin, Set.of(aSession, bSession)))
                            .as("round %d: the row-lock view while b waits", k).containsExactly(bSession);
                    assertThat(t.dialect().lockWaiters(admin, Set.of(aSession, bSession)))
                            .as("round %d: every view while b waits", k).containsExactly(bSession);
                    if (commit) {
                        a.commit();
                    } else {
                        a.rollback();
                    }
                    assertThat(t.dialect().waitsForLock(admin, bSession))
                            .as("round %d: b still shown waiting after a's %s returned", k, commit ? "COMMIT" : "ROLLBACK")
                            .isFalse();
                    assertThat(t.dialect().rowLockWaiters(admin, Set.of(aSession, bSession)))
                            .as("round %d: the row-lock view after a's %s returned", k, commit ? "COMMIT" : "ROLLBACK")
                            .isEmpty();
                    SQLException e = bInserts.get(1, TimeUnit.MINUTES);
                    assertThat(e == null).as("b's INSERT succeeds exactly when a rolled back: %s", e).isEqualTo(!commit);
                    b.rollback();
                }
            } finally {
                try (Statement s = admin.createStatement()) {
                    s.execute("DROP TABLE dbrace_lockview");
                }
            }
        }
    }

    private static void insert(Connection c, int k) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO dbrace_lockview VALUES (" + k + ")");
        }
    }

    private static SQLException attempt(Connection c, int k) {
        try {
            insert(c, k);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }
}
