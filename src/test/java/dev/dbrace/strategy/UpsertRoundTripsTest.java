package dev.dbrace.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Tally;
import dev.dbrace.support.Databases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The upsert in the fewest round trips, on real servers: the statement and COMMIT, with the row's id
 * from the statement itself (the OK packet's LAST_INSERT_ID on the MySQL protocol, RETURNING on
 * PostgreSQL), for an inserted, an updated and an unchanged row alike. Every id must be the table's.
 */
class UpsertRoundTripsTest {

    static Stream<Named<Supplier<Target>>> targets() {
        return Stream.of(Named.of("embedded MariaDB", Databases::embeddedMariaDb),
                Named.of("MariaDB service", Databases::mariaDbService),
                Named.of("embedded PostgreSQL", Databases::embeddedPostgres));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void createdChangedAndUnchangedRowsTellTheTablesId(Supplier<Target> target) throws Exception {
        Target t = target.get();
        Schema schema = new Schema(t.dialect(), "dbrace_upsert_");
        Key key = new Key(1, 1);
        List<String> sent = new ArrayList<>();
        try (Connection admin = t.connect(); Connection c = t.connect()) {
            schema.recreate(admin);
            schema.ensureParents(admin, 2, 1);
            c.setAutoCommit(false);
            Session s = new Session(c, t.dialect(), schema.myobj(), new ErrorLog(), false).trace(new Tracer() {
                @Override
                public void before(String sql) {
                    sent.add(sql);
                }
            });
            UpsertStrategy upsert = new UpsertStrategy();
            // burn an id so that a wrong "id = count" or "id = 1" cannot pass by chance
            upsert.call(s, new Key(2, 1), true);
            sent.clear();

            CallResult created = upsert.call(s, key, true);
            assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
            assertThat(created.id()).isEqualTo(tableId(admin, schema, key));
            assertThat(sent).as("an insert: the statement and COMMIT").hasSize(2).last().isEqualTo("COMMIT");

            sent.clear();
            CallResult changed = upsert.call(s, key, false);
            assertThat(changed).isEqualTo(CallResult.found(created.id()));
            assertThat(sent).as("a changed row: the statement and COMMIT").hasSize(2);

            sent.clear();
            CallResult unchanged = upsert.call(s, key, false);
            assertThat(unchanged).isEqualTo(CallResult.found(created.id()));
            assertThat(sent).as("an unchanged row (0 rows affected): still the statement and COMMIT").hasSize(2);
            s.close();
            schema.drop(admin);
        }
    }

    private static long tableId(Connection c, Schema schema, Key key) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM " + schema.myobj()
                + " WHERE thing_id = " + key.thingId() + " AND owner_id = " + key.ownerId())) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
