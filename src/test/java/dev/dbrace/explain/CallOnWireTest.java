package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Endpoint;
import dev.dbrace.db.Target;
import dev.dbrace.gate.Gate;
import dev.dbrace.gate.StatementHook;
import dev.dbrace.gate.WireStatement;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whether a call created the row, read off its statements as the gate saw them on a real server: each case sends
 * its statements through a gate and compares {@link CallOnWire} with the table itself afterwards.
 */
class CallOnWireTest {

    private static final String TABLE = "dbrace_wire_t";
    private static final Set<Target> USED = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void dropTables() {
        Sql.dropOn(USED, TABLE);
    }

    /** The statements {@code sql} sent through a gate on a fresh table holding key 1, and what they show. */
    private static CallOnWire.Creation creation(Target t, boolean autocommit, Properties props, String... sql)
            throws Exception {
        USED.add(t);
        boolean pg = t.endpoint().family().equals("postgresql");
        Sql.run(t, "DROP TABLE IF EXISTS " + TABLE, pg
                ? "CREATE TABLE " + TABLE + " (id BIGSERIAL PRIMARY KEY, k INT NOT NULL UNIQUE)"
                : "CREATE TABLE " + TABLE + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT NOT NULL UNIQUE) ENGINE=InnoDB",
                "INSERT INTO " + TABLE + " (k) VALUES (1)");
        Endpoint e = t.endpoint();
        try (Gate gate = Gate.open(e.family(), e.host(), e.port(), StatementHook.NONE)) {
            String url = t.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + gate.port() + "/");
            Properties p = new Properties();
            p.setProperty("user", t.user());
            p.setProperty("sslMode", "DISABLED");
            p.putAll(props);
            try (Connection c = DriverManager.getConnection(url, p)) {
                c.setAutoCommit(autocommit);
                gate.drain();                   // the driver's own set-up belongs to no call
                try (Statement s = c.createStatement()) {
                    for (String q : sql) {
                        try {
                            s.execute(q);
                        } catch (SQLException expected) {
                            // the case's failing statement: its answer is part of what the wire shows
                        }
                    }
                }
                List<WireStatement> wire = gate.drain();
                return CallOnWire.creation(wire, TABLE, pg);
            }
        }
    }

    private static long rows(Target t) throws SQLException {
        try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void expect(Target t, CallOnWire.Creation c, CallOnWire.Creation expected) throws SQLException {
        assertThat(c).isEqualTo(expected);
        if (expected != CallOnWire.Creation.UNKNOWN) {
            // the table agrees: a created row is there, one not created is not
            assertThat(rows(t)).isEqualTo(expected == CallOnWire.Creation.CREATED ? 2 : 1);
        }
    }

    /** What holds on every server: autocommit keeps an insert, COMMIT keeps it, ROLLBACK undoes it. */
    private static String everyServer(Target t) throws Exception {
        Properties none = new Properties();
        String insert = "INSERT INTO " + TABLE + " (k) VALUES (2)";
        expect(t, creation(t, true, none, insert), CallOnWire.Creation.CREATED);
        expect(t, creation(t, false, none, insert, "COMMIT"), CallOnWire.Creation.CREATED);
        expect(t, creation(t, false, none, insert, "ROLLBACK"), CallOnWire.Creation.NOT_CREATED);
        return insert;
    }

    static List<Named<Supplier<Target>>> mysql() {
        return Databases.mysqlFamily().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysql")
    void mysqlFamily(Supplier<Target> server) throws Exception {
        Target t = server.get();
        Properties none = new Properties();
        String insert = everyServer(t);
        expect(t, creation(t, false, none, "SELECT 1", "SAVEPOINT `s1`", insert, "ROLLBACK TO SAVEPOINT `s1`",
                "COMMIT"), CallOnWire.Creation.NOT_CREATED);
        expect(t, creation(t, false, none, "SAVEPOINT s1", insert, "RELEASE SAVEPOINT s1", "COMMIT"),
                CallOnWire.Creation.CREATED);
        expect(t, creation(t, false, none, "INSERT INTO " + TABLE + " (k) VALUES (1)", "SELECT id FROM " + TABLE,
                "COMMIT"), CallOnWire.Creation.NOT_CREATED);
        expect(t, creation(t, false, none, insert, "SET autocommit=1"), CallOnWire.Creation.CREATED);
        expect(t, creation(t, false, none, insert, "BEGIN"), CallOnWire.Creation.CREATED);
        // an insert left in an open transaction when the call returned is seen by no one: not created
        assertThat(creation(t, false, none, insert)).isEqualTo(CallOnWire.Creation.NOT_CREATED);
        // ON DUPLICATE KEY UPDATE: affected rows tell an insert (1) from an update (2) or no change (0) ...
        Properties affected = new Properties();
        affected.setProperty("useAffectedRows", "true");
        String odku = " ON DUPLICATE KEY UPDATE id = id";
        expect(t, creation(t, true, affected, "INSERT INTO " + TABLE + " (k) VALUES (2)" + odku),
                CallOnWire.Creation.CREATED);
        expect(t, creation(t, true, affected, "INSERT INTO " + TABLE + " (k) VALUES (1)" + odku),
                CallOnWire.Creation.NOT_CREATED);
        // ... but a client that asks for found rows (Connector/J's default, SQLAlchemy's mysqldb) is told 1 either way
        expect(t, creation(t, true, none, "INSERT INTO " + TABLE + " (k) VALUES (1)" + odku),
                CallOnWire.Creation.UNKNOWN);
        expect(t, creation(t, true, none, "INSERT IGNORE INTO " + TABLE + " (k) VALUES (1)"),
                CallOnWire.Creation.NOT_CREATED);
    }

    static List<Named<Supplier<Target>>> postgres() {
        return Databases.postgres().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void postgresql(Supplier<Target> server) throws Exception {
        Target t = server.get();
        Properties none = new Properties();
        String insert = everyServer(t);
        // a failed statement fails the transaction: its COMMIT is answered ROLLBACK
        expect(t, creation(t, false, none, insert, "INSERT INTO " + TABLE + " (k) VALUES (1)", "COMMIT"),
                CallOnWire.Creation.NOT_CREATED);
        expect(t, creation(t, false, none, "SAVEPOINT s1", insert, "ROLLBACK TO SAVEPOINT s1", "COMMIT"),
                CallOnWire.Creation.NOT_CREATED);
        expect(t, creation(t, true, none, "INSERT INTO " + TABLE + " (k) VALUES (1) ON CONFLICT (k) DO NOTHING"),
                CallOnWire.Creation.NOT_CREATED);
        expect(t, creation(t, true, none, insert + " ON CONFLICT (k) DO NOTHING"), CallOnWire.Creation.CREATED);
        // DO UPDATE counts one row whether it inserted or updated
        expect(t, creation(t, true, none, insert + " ON CONFLICT (k) DO UPDATE SET k = EXCLUDED.k"),
                CallOnWire.Creation.UNKNOWN);
        expect(t, creation(t, true, none, insert + " RETURNING id"), CallOnWire.Creation.CREATED);
        // an INSERT that calls a function with effects is still an insert its answer counts
        expect(t, creation(t, true, none, "INSERT INTO " + TABLE + " (id, k) VALUES (nextval('" + TABLE + "_id_seq'), 2)"),
                CallOnWire.Creation.CREATED);
        // an insert inside a function (Sequelize's findOrCreate on PostgreSQL) cannot be told from the wire
        expect(t, creation(t, false, none, "CREATE OR REPLACE FUNCTION pg_temp.dbrace_f() RETURNS void AS $$ BEGIN "
                        + "INSERT INTO " + TABLE + " (k) VALUES (2); END $$ LANGUAGE plpgsql",
                "SELECT * FROM pg_temp.dbrace_f()", "COMMIT"), CallOnWire.Creation.UNKNOWN);
    }
}
