package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.support.Databases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every strategy, replayed deterministically in two sessions on embedded MariaDB (InnoDB) and
 * embedded PostgreSQL at each isolation level, against what each database is known to do:
 *
 * <ul>
 *   <li>InnoDB, REPEATABLE READ: plain reads use the snapshot of the first read, locking reads the
 *       latest committed row; a locking read of a missing key takes a gap lock, so two of them
 *       deadlock on INSERT. SERIALIZABLE turns plain reads into shared-locking reads: the same
 *       deadlock for every strategy that reads first.</li>
 *   <li>PostgreSQL, REPEATABLE READ: the snapshot is taken by the first statement, whatever it is,
 *       and even locking reads return only rows it can see; INSERT … ON CONFLICT and UPDATE of a row
 *       changed after the snapshot fail with 40001. At SERIALIZABLE a plain INSERT still reports the
 *       unique violation (23505), but any read of the key range after a concurrent insert fails with
 *       40001 — so only a strategy that ends its transaction before re-reading gets the row.</li>
 * </ul>
 * The outcome asserted is T1's (the session the interleaving works against); T2 always creates the
 * row, except where the server picks either session as a deadlock victim.
 */
class ReplayMatrixTest {

    private static final String RC = "read-committed";
    private static final String RR = "repeatable-read";
    private static final String SER = "serializable";
    /** The server picks the victim: one session deadlocks, the other creates the row. */
    private static final Outcome EITHER_DEADLOCKS = Outcome.DEADLOCK;

    private static final Map<String, Outcome> MARIADB = Map.ofEntries(
            Map.entry("naive/" + RC, Outcome.FOUND),
            Map.entry("naive/" + RR, Outcome.DOES_NOT_EXIST),
            Map.entry("naive/" + SER, EITHER_DEADLOCKS),
            Map.entry("read-committed/" + RC, Outcome.FOUND),       // naive's sequence, fixed at READ COMMITTED
            Map.entry("commit-then-get/" + RC, Outcome.FOUND),
            Map.entry("commit-then-get/" + RR, Outcome.FOUND),
            Map.entry("commit-then-get/" + SER, Outcome.FOUND),
            Map.entry("upsert/" + RC, Outcome.FOUND),
            Map.entry("upsert/" + RR, Outcome.FOUND),
            Map.entry("upsert/" + SER, Outcome.FOUND),
            Map.entry("retry/" + RC, Outcome.FOUND),
            Map.entry("retry/" + RR, Outcome.FOUND),
            Map.entry("locking-reread/" + RC, Outcome.FOUND),
            Map.entry("locking-reread/" + RR, Outcome.FOUND),
            Map.entry("locking-reread/" + SER, EITHER_DEADLOCKS),
            Map.entry("share-reread/" + RC, Outcome.FOUND),
            Map.entry("share-reread/" + RR, Outcome.FOUND),           // a current read, like FOR UPDATE
            Map.entry("share-reread/" + SER, EITHER_DEADLOCKS),
            Map.entry("update-by-key/" + RC, Outcome.FOUND),
            Map.entry("update-by-key/" + RR, Outcome.FOUND),          // an UPDATE is a current read too
            Map.entry("update-by-key/" + SER, EITHER_DEADLOCKS),
            Map.entry("django-modern/" + RC, Outcome.FOUND),
            Map.entry("django-modern/" + RR, EITHER_DEADLOCKS),
            Map.entry("django-modern/" + SER, EITHER_DEADLOCKS),
            Map.entry("create-or-find/" + RC, Outcome.FOUND),
            Map.entry("create-or-find/" + RR, Outcome.FOUND),
            Map.entry("create-or-find/" + SER, Outcome.FOUND),
            Map.entry("insert-ignore-select/" + RC, Outcome.FOUND),
            Map.entry("insert-ignore-select/" + RR, Outcome.FOUND),
            Map.entry("insert-ignore-select/" + SER, Outcome.FOUND));

    private static final Map<String, Outcome> POSTGRES = Map.ofEntries(
            Map.entry("naive/" + RC, Outcome.FOUND),
            Map.entry("naive/" + RR, Outcome.DOES_NOT_EXIST),
            Map.entry("naive/" + SER, Outcome.SERIALIZATION_FAILURE),
            Map.entry("read-committed/" + RC, Outcome.FOUND),
            Map.entry("commit-then-get/" + RC, Outcome.FOUND),
            Map.entry("commit-then-get/" + RR, Outcome.FOUND),
            Map.entry("commit-then-get/" + SER, Outcome.FOUND),   // the INSERT reports 23505; COMMIT ends the snapshot
            Map.entry("upsert/" + RC, Outcome.FOUND),
            Map.entry("upsert/" + RR, Outcome.SERIALIZATION_FAILURE),
            Map.entry("upsert/" + SER, Outcome.SERIALIZATION_FAILURE),
            Map.entry("retry/" + RC, Outcome.FOUND),
            Map.entry("retry/" + RR, Outcome.FOUND),
            Map.entry("retry/" + SER, Outcome.FOUND),
            Map.entry("locking-reread/" + RC, Outcome.FOUND),
            Map.entry("locking-reread/" + RR, Outcome.DOES_NOT_EXIST),
            Map.entry("locking-reread/" + SER, Outcome.SERIALIZATION_FAILURE),
            Map.entry("share-reread/" + RC, Outcome.FOUND),
            Map.entry("share-reread/" + RR, Outcome.DOES_NOT_EXIST),  // bounded by the snapshot, like FOR UPDATE
            Map.entry("share-reread/" + SER, Outcome.SERIALIZATION_FAILURE),
            Map.entry("update-by-key/" + RC, Outcome.FOUND),
            Map.entry("update-by-key/" + RR, Outcome.DOES_NOT_EXIST), // the snapshot has no row to update
            Map.entry("update-by-key/" + SER, Outcome.SERIALIZATION_FAILURE),
            Map.entry("django-modern/" + RC, Outcome.FOUND),
            Map.entry("django-modern/" + RR, Outcome.INTEGRITY_ERROR),
            Map.entry("django-modern/" + SER, Outcome.SERIALIZATION_FAILURE),
            Map.entry("create-or-find/" + RC, Outcome.FOUND),
            Map.entry("create-or-find/" + RR, Outcome.DOES_NOT_EXIST),
            Map.entry("create-or-find/" + SER, Outcome.SERIALIZATION_FAILURE),
            Map.entry("insert-ignore-select/" + RC, Outcome.FOUND),
            Map.entry("insert-ignore-select/" + RR, Outcome.SERIALIZATION_FAILURE),
            Map.entry("insert-ignore-select/" + SER, Outcome.SERIALIZATION_FAILURE));

    /** Where the retry strategy absorbs a deadlock the server resolves either way: both callers must end with the row. */
    private static final Set<String> MARIADB_RETRIED = Set.of("retry/" + SER);

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        addAll(list, "MariaDB 11.4", Databases::embeddedMariaDb, MARIADB, MARIADB_RETRIED);
        addAll(list, "PostgreSQL 17", Databases::embeddedPostgres, POSTGRES, Set.of());
        return list.stream();
    }

    /** One case per strategy and level; one with no expectation becomes a case that fails and says so. */
    private static void addAll(List<Arguments> list, String db, Supplier<Target> target, Map<String, Outcome> expected,
                               Set<String> retried) {
        for (Strategy s : Strategies.all()) {
            List<String> levels = s.isolation() != null ? List.of(s.isolation().key()) : List.of(RC, RR, SER);
            for (String level : levels) {
                String key = s.name() + "/" + level;
                Outcome want = expected.get(key);
                String kind = retried.contains(key) ? "retried" : want == null ? "missing" : "exact";
                list.add(Arguments.of(Named.of(db, target), s.name(), level, want, kind));
            }
        }
    }

    /** A read earlier in the transaction fixes InnoDB's snapshot: the insert-first patterns leak again. */
    @ParameterizedTest(name = "{0} with a prior read")
    @ValueSource(strings = {"create-or-find", "insert-ignore-select"})
    void priorReadBreaksInsertFirstPatternsOnInnoDb(String strategy) throws Exception {
        Strategy s = Strategies.byName(strategy);
        Target t = Databases.embeddedMariaDb();
        Timeline without = new Replayer(t).replay(s, Isolation.REPEATABLE_READ, false, Replayer.scenarioFor(s, false));
        Timeline with = new Replayer(t).replay(s, Isolation.REPEATABLE_READ, true, Replayer.scenarioFor(s, true));
        assertThat(without.outcome1()).as(without.conclusion()).isEqualTo(Outcome.FOUND);
        assertThat(with.outcome1()).as(with.conclusion()).isEqualTo(Outcome.DOES_NOT_EXIST);
        assertThat(with.steps().get(0).sql()).startsWith("SELECT COUNT(*)");
    }

    @ParameterizedTest(name = "{0}: {1} at {2}")
    @MethodSource("cases")
    void replayShowsWhatTheServerDoes(Supplier<Target> target, String strategy, String level, Outcome t1, String kind)
            throws Exception {
        assertThat(kind).as("no expectation for " + strategy + " at " + level + ": add what the server does to the table above")
                .isNotEqualTo("missing");
        Strategy s = Strategies.byName(strategy);
        Timeline t = new Replayer(target.get()).replay(s, Isolation.parse(level), false, Replayer.scenarioFor(s, false));
        String why = t.steps() + "\n" + t.conclusion();
        assertThat(t.isolation()).as("level read back from the session").isEqualTo(level);
        if (kind.equals("retried")) {
            // the retry strategy absorbs the deadlock: both callers end with the row
            assertThat(t.outcome1().isSuccess() && t.outcome2().isSuccess()).as(why).isTrue();
            assertThat(t.id1()).isEqualTo(t.id2());
        } else if (t1 == EITHER_DEADLOCKS) {
            assertThat(List.of(t.outcome1(), t.outcome2())).as(why).containsExactlyInAnyOrder(Outcome.DEADLOCK, Outcome.CREATED);
            assertThat(t.steps()).as("the deadlock error came from the server").anySatisfy(
                    st -> assertThat(st.error()).isNotNull().contains("40001").contains("1213"));
        } else {
            assertThat(t.outcome1()).as(why).isEqualTo(t1);
            assertThat(t.outcome2()).as(why).isEqualTo(Outcome.CREATED);
            if (t1.isSuccess()) {
                assertThat(t.id1()).as("both callers got the same row").isEqualTo(t.id2());
            }
            if (t1 == Outcome.SERIALIZATION_FAILURE) {
                assertThat(t.lastError(1)).as("the server's own code").contains("40001");
            }
            if (t1 == Outcome.DOES_NOT_EXIST) {
                assertThat(t.steps()).as("a duplicate key preceded the empty re-read").anySatisfy(
                        st -> assertThat(st.error()).isNotNull().containsAnyOf("1062", "23505"));
            }
        }
        assertThat(t.conclusion()).isNotBlank();
    }
}
