package dev.dbrace.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.KeySpace;
import dev.dbrace.strategy.Key;
import dev.dbrace.support.Databases;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plants each kind of violation in a real table and checks that verification reports it. */
class VerifierTest {

    private final Target target = Databases.embeddedMariaDb();
    private Connection c;
    private Schema schema;
    private Ledger ledger;

    @BeforeEach
    void setUp() throws Exception {
        c = target.connect();
        schema = new Schema(target.dialect(), "dbrace_verify_");
        schema.recreate(c);
        schema.ensureParents(c, 10, 1);
        ledger = new Ledger();
        ledger.ensureCapacity(10);
    }

    @AfterEach
    void tearDown() throws Exception {
        schema.drop(c);
        c.close();
    }

    private long insertRow(long keyIndex, boolean state) throws SQLException {
        Key k = KeySpace.key(keyIndex);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + schema.myobj() + " (thing_id, owner_id, state) VALUES (?, ?, ?)", new String[] {"id"})) {
            ps.setLong(1, k.thingId());
            ps.setLong(2, k.ownerId());
            ps.setBoolean(3, state);
            ps.executeUpdate();
            try (var rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Verification verify() throws SQLException {
        return Verifier.verify(c, schema.myobj(), ledger, 10);
    }

    @Test
    void aConsistentTablePasses() throws Exception {
        long id = insertRow(0, true);
        ledger.record(0, Outcome.CREATED, id, true, false);
        ledger.record(0, Outcome.FOUND, id, false, false);
        ledger.record(0, Outcome.DOES_NOT_EXIST, 0, false, false);
        Verification v = verify();
        assertThat(v.problems()).isEmpty();
        assertThat(v.passed()).isTrue();
        assertThat(v.rows()).isEqualTo(1);
        assertThat(v.keysRaced()).isEqualTo(1);
    }

    @Test
    void idGivenToCallersDiffersFromTheTable() throws Exception {
        long id = insertRow(0, true);
        ledger.record(0, Outcome.CREATED, id + 100, true, false);
        assertThat(verify().problems()).singleElement().asString().contains("but the table holds id " + id);
    }

    @Test
    void twoCallersGivenDifferentIds() throws Exception {
        long id = insertRow(0, true);
        ledger.record(0, Outcome.CREATED, id, true, false);
        ledger.record(0, Outcome.FOUND, id + 1, true, false);
        assertThat(verify().problems()).anySatisfy(p -> assertThat(p).contains("another id " + (id + 1)));
    }

    /** A call that named no id (Sequelize's upsert on MySQL, where it updated) is not a second id for its key. */
    @Test
    void aCallThatNamedNoIdIsNotASecondId() throws Exception {
        long id = insertRow(0, true);
        ledger.record(0, Outcome.CREATED, id, true, false);
        ledger.record(0, Outcome.FOUND, 0, true, false);
        assertThat(verify().problems()).isEmpty();
    }

    @Test
    void rowForAKeyNobodyRaced() throws Exception {
        insertRow(3, true);
        Verification v = verify();
        assertThat(v.passed()).isFalse();
        assertThat(v.problems()).singleElement().asString().contains("no call raced");
    }

    @Test
    void callersGotARowTheTableDoesNotHave() throws Exception {
        ledger.record(1, Outcome.FOUND, 42, true, false);
        assertThat(verify().problems()).singleElement().asString().contains("the table has no row");
    }

    @Test
    void twoCallersToldTheyCreated() throws Exception {
        long id = insertRow(0, true);
        ledger.record(0, Outcome.CREATED, id, true, false);
        ledger.record(0, Outcome.CREATED, id, true, false);
        assertThat(verify().problems()).singleElement().asString().contains("2 callers were told they created");
    }

    @Test
    void rowNobodyWasToldTheyCreated() throws Exception {
        long id = insertRow(0, true);
        ledger.record(0, Outcome.FOUND, id, true, false);
        assertThat(verify().problems()).singleElement().asString().contains("no caller was told it created");
    }

    @Test
    void finalStateWrittenByNoSuccessfulCall() throws Exception {
        long id = insertRow(0, false);
        ledger.record(0, Outcome.CREATED, id, true, false);
        ledger.record(0, Outcome.DEADLOCK, 0, false, false);
        assertThat(verify().problems()).singleElement().asString().contains("final state false");
    }

    @Test
    void aBrokenConnectionLeavesTheCommitInDoubt() throws Exception {
        long id = insertRow(0, false);
        ledger.record(0, Outcome.FOUND, id, true, false);
        ledger.record(0, Outcome.CONNECTION_ERROR, 0, false, true);
        assertThat(verify().passed()).isTrue();
    }

    @Test
    void duplicateRowsWithoutAUniqueKey() throws Exception {
        try (var s = c.createStatement()) {
            s.execute("ALTER TABLE " + schema.myobj() + " DROP INDEX " + schema.myobj() + "_thing_owner, "
                    + "ADD INDEX plain_thing_owner (thing_id, owner_id)");
        }
        long id = insertRow(0, true);
        insertRow(0, true);
        ledger.record(0, Outcome.CREATED, id, true, false);
        ledger.record(0, Outcome.CREATED, id + 1, true, false);
        Verification v = verify();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("more than one row"));
    }
}
