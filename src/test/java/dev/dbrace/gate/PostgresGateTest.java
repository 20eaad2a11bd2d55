package dev.dbrace.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbrace.db.Endpoint;
import dev.dbrace.db.Target;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Sql;
import dev.dbrace.support.Tools;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pgJDBC (extended protocol, unnamed and server-prepared statements) and psycopg2 (simple queries) talk to
 * PostgreSQL through the gate as to the server, and the gate sees each statement, its answer and the backend pid.
 */
class PostgresGateTest {

    private static final String TABLE = "dbrace_gate_t";
    private static final Set<Target> USED = ConcurrentHashMap.newKeySet();

    static Stream<Named<Supplier<Target>>> servers() {
        return Databases.postgres();
    }

    @AfterAll
    static void dropTables() {
        Sql.dropOn(USED, TABLE);
    }

    private static Gate gate(Target t) throws Exception {
        USED.add(t);
        Sql.run(t, "DROP TABLE IF EXISTS " + TABLE, "CREATE TABLE " + TABLE + " (id BIGSERIAL PRIMARY KEY, k INT NOT NULL UNIQUE)");
        Endpoint e = t.endpoint();
        return Gate.open(e.family(), e.host(), e.port(), StatementHook.NONE);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void pgJdbcsStatementsAndAnswersAreSeenInTheBackendTheyRanIn(Supplier<Target> server) throws Exception {
        Target t = server.get();
        Properties p = new Properties();
        p.setProperty("user", t.user());
        p.setProperty("prepareThreshold", "1");             // server-prepared from the first execution
        try (Gate gate = gate(t); Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + gate.port() + "/" + t.endpoint().database(), p)) {
            long pid;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE + " (k) VALUES (?)")) {
                for (int i = 0; i < 2; i++) {
                    ins.setInt(1, 1);
                    if (i == 0) {
                        ins.executeUpdate();
                        c.setSavepoint("s1");
                    } else {
                        assertThatThrownBy(ins::executeUpdate).isInstanceOf(SQLException.class);
                    }
                }
            }
            c.commit();                                     // the transaction failed: PostgreSQL answers ROLLBACK
            GateSession session = gate.sessions().get(0);
            assertThat(session.serverSession()).isEqualTo(pid);
            List<String> seen = session.statements().stream().map(WireStatement::toString)
                    .filter(s -> s.contains(TABLE) || s.startsWith("BEGIN") || s.startsWith("SAVEPOINT") || s.startsWith("COMMIT"))
                    .toList();
            assertThat(seen).containsExactly(
                    "BEGIN → BEGIN",
                    "INSERT INTO " + TABLE + " (k) VALUES ($1) → INSERT 0 1",
                    "SAVEPOINT \"s1\" → SAVEPOINT",
                    "INSERT INTO " + TABLE + " (k) VALUES ($1) → ERROR 0/23505: duplicate key value violates unique "
                            + "constraint \"" + TABLE + "_k_key\"",
                    "COMMIT → ROLLBACK");
        }
    }

    @Test
    void psycopg2sSimpleQueriesAreSeen() throws Exception {
        Tools.requireWorks("psycopg2 is Django's and the reference worker's PostgreSQL driver", "/usr/bin/python3", "-c",
                "import psycopg2");
        Target t = Databases.postgresService();
        try (Gate gate = gate(t)) {
            String script = "import psycopg2\n"
                    + "c = psycopg2.connect(host='127.0.0.1', port=" + gate.port() + ", user='" + t.user() + "', dbname='"
                    + t.endpoint().database() + "', sslmode='prefer')\n"
                    + "cur = c.cursor()\n"
                    + "cur.execute('INSERT INTO " + TABLE + " (k) VALUES (%s)', (7,))\n"
                    + "cur.execute('SELECT id FROM " + TABLE + " WHERE k = %s', (7,))\n"
                    + "print(len(cur.fetchall()))\n"
                    + "c.commit()\n";
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out.strip()).isEqualTo("1");
            assertThat(gate.sessions().get(0).statements().stream().map(WireStatement::toString).toList())
                    .containsSubsequence("BEGIN → BEGIN", "INSERT INTO " + TABLE + " (k) VALUES (7) → INSERT 0 1",
                            "SELECT id FROM " + TABLE + " WHERE k = 7 → 1 row", "COMMIT → COMMIT");
        }
    }
}
