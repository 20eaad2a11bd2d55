package dev.dbrace.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.jdbc.JdbcConnection;
import dev.dbrace.db.Endpoint;
import dev.dbrace.db.Target;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients talk to MariaDB through the gate as they would to the server itself, and the gate sees each statement,
 * its answer and the server session it ran in; it can hold a statement while another session goes on.
 */
class MysqlGateTest {

    private static final String TABLE = "dbrace_gate_t";
    private static final Set<Target> USED = ConcurrentHashMap.newKeySet();

    static Stream<Named<Supplier<Target>>> servers() {
        return Databases.mysqlFamily();
    }

    @AfterAll
    static void dropTables() {
        Sql.dropOn(USED, TABLE);
    }

    private static MysqlGate gate(Target t, StatementHook hook) throws Exception {
        USED.add(t);
        Sql.run(t, "DROP TABLE IF EXISTS " + TABLE,
                "CREATE TABLE " + TABLE + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL UNIQUE) ENGINE=InnoDB");
        Endpoint e = t.endpoint();
        return MysqlGate.open(e.host(), e.port(), hook);
    }

    private static Connection through(MysqlGate gate, Target t, boolean serverPrepared) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("sslMode", "PREFERRED");
        p.setProperty("allowPublicKeyRetrieval", "true");
        p.setProperty("useServerPrepStmts", String.valueOf(serverPrepared));
        p.setProperty("emulateUnsupportedPstmts", "false");
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gate.port() + "/" + t.endpoint().database(), p);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void everyStatementAndItsAnswerIsSeenInTheServerSessionItRanIn(Supplier<Target> server) throws Exception {
        Target t = server.get();
        for (boolean serverPrepared : new boolean[] {false, true}) {
            try (MysqlGate gate = gate(t, StatementHook.NONE); Connection c = through(gate, t, serverPrepared)) {
                long connectionId;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                    rs.next();
                    connectionId = rs.getLong(1);
                }
                c.setAutoCommit(false);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE + " (k) VALUES (?)")) {
                    ins.setInt(1, 1);
                    ins.executeUpdate();
                    c.setSavepoint("s1");
                    ins.setInt(1, 1);
                    assertThatThrownBy(ins::executeUpdate).isInstanceOf(SQLException.class);
                }
                try (PreparedStatement sel = c.prepareStatement("SELECT id FROM " + TABLE + " WHERE k = ?")) {
                    sel.setInt(1, 1);
                    try (ResultSet rs = sel.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                    }
                }
                c.commit();
                GateSession session = gate.sessions().get(0);
                assertThat(session.serverSession()).isEqualTo(connectionId);
                List<String> seen = session.statements().stream()
                        .filter(s -> s.sql().contains(TABLE) || s.sql().startsWith("SAVEPOINT") || s.sql().equals("COMMIT"))
                        .filter(s -> !s.how().equals("prepare"))
                        .map(WireStatement::toString).toList();
                assertThat(seen).as("server-prepared=" + serverPrepared).containsExactly(
                        "INSERT INTO " + TABLE + " (k) VALUES (?) → ok, 1 row affected".replace("(?)", serverPrepared ? "(?)" : "(1)"),
                        "SAVEPOINT `s1` → ok, 0 rows affected",
                        "INSERT INTO " + TABLE + " (k) VALUES (?) → ERROR 1062/23000: Duplicate entry '1' for key 'k'"
                                .replace("(?)", serverPrepared ? "(?)" : "(1)"),
                        "SELECT id FROM " + TABLE + " WHERE k = ? → 1 row".replace("= ?", serverPrepared ? "= ?" : "= 1"),
                        "COMMIT → ok, 0 rows affected");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aHeldStatementWaitsWhileAnotherSessionGoesOn(Supplier<Target> server) throws Exception {
        Target t = server.get();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        StatementHook holdFirstInsert = new StatementHook() {
            @Override
            public void before(GateSession session, String sql, String how) throws InterruptedException {
                if (sql.startsWith("INSERT") && once.compareAndSet(false, true)) {
                    held.countDown();
                    release.await(2, TimeUnit.MINUTES);       // a bound against a hang, not a timing
                }
            }
        };
        try (MysqlGate gate = gate(t, holdFirstInsert); Connection a = through(gate, t, true); Connection b = through(gate, t, true)) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
                try (Statement s = a.createStatement()) {
                    return s.executeUpdate("INSERT INTO " + TABLE + " (k) VALUES (7)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(held.await(2, TimeUnit.MINUTES)).isTrue();
            try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
                rs.next();
                assertThat(rs.getInt(1)).as("the held INSERT has not reached the server").isZero();
            }
            assertThat(first).isNotDone();
            release.countDown();
            assertThat(first.get(2, TimeUnit.MINUTES)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void changeUserIsRefusedInOneLineThatNamesIt(Supplier<Target> server) throws Exception {
        Target t = server.get();
        try (MysqlGate gate = gate(t, StatementHook.NONE); Connection c = through(gate, t, false)) {
            assertThatThrownBy(() -> c.unwrap(JdbcConnection.class).changeUser("root", ""))
                    .isInstanceOf(SQLException.class).hasMessageContaining("dbrace gate: COM_CHANGE_USER is not supported");
        }
    }
}
