package dev.dbrace.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Tally;
import dev.dbrace.support.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's anomaly, replayed step by step with two real sessions: T1 reads (nothing), T2 inserts
 * and commits, T1's insert fails with a duplicate key, and T1's re-read sees — or does not see —
 * the row, depending on the isolation level.
 */
class SnapshotReplayTest {

    static Stream<Named<Supplier<Target>>> targets() {
        return Databases.mysqlFamily();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void repeatableReadHidesTheRowThatBlockedTheInsert(Supplier<Target> target) throws Exception {
        assertThat(replay(target.get(), Isolation.REPEATABLE_READ)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void readCommittedSeesIt(Supplier<Target> target) throws Exception {
        assertThat(replay(target.get(), Isolation.READ_COMMITTED)).isTrue();
    }

    /** Returns whether T1's re-read after the duplicate key found the row. */
    private static boolean replay(Target target, Isolation isolation) throws Exception {
        Schema schema = new Schema(target.dialect(), "dbrace_replay_");
        Key key = new Key(1, 1);
        try (Connection admin = target.connect(); Connection c1 = target.connect(); Connection c2 = target.connect()) {
            schema.recreate(admin);
            schema.ensureParents(admin, 1, 1);
            c1.setTransactionIsolation(isolation.jdbcLevel());
            c1.setAutoCommit(false);
            assertThat(target.dialect().readIsolation(c1)).isEqualTo(isolation);
            ErrorLog errors1 = new ErrorLog();
            Session t1 = new Session(c1, target.dialect(), schema.myobj(), errors1, false);
            Session t2 = new Session(c2, target.dialect(), schema.myobj(), new ErrorLog(), false);

            assertThat(t1.selectId(key)).as("T1's first SELECT").isEmpty();
            long id = t2.insert(key, true);                       // autocommit: committed
            assertThatThrownBy(() -> t1.insert(key, false))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getErrorCode()).isEqualTo(1062);
                        assertThat(t1.classify((SQLException) e)).isEqualTo(DbError.DUPLICATE_KEY);
                    });
            assertThat(errors1.at("INSERT", DbError.DUPLICATE_KEY)).as("the session counted the error, at its step").isEqualTo(1);
            var reread = t1.selectId(key);
            if (reread.isPresent()) {
                assertThat(reread.getAsLong()).isEqualTo(id);
            }
            // A locking read sees the latest committed row whatever the level: the row is there.
            assertThat(t1.selectIdForUpdate(key)).hasValue(id);
            c1.rollback();
            t1.close();
            t2.close();
            schema.drop(admin);
            return reread.isPresent();
        }
    }
}
