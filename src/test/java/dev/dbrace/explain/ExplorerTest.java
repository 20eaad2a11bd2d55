package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code explain --all}: every interleaving of two sessions of the seed's code, on the real servers. */
class ExplorerTest {

    static Stream<Named<Supplier<Target>>> embedded() {
        return Stream.of(Named.of("embedded MariaDB 11.4", Databases::embeddedMariaDb),
                Named.of("embedded PostgreSQL 17", Databases::embeddedPostgres));
    }

    @ParameterizedTest
    @MethodSource("embedded")
    void naiveAtRepeatableReadHasExactlyTheseOutcomePairs(Supplier<Target> db) throws Exception {
        Exploration e = new Explorer(db.get()).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ, false,
                Settings.NONE, Explorer.Options.of(2, 10_000));
        assertThat(e.complete()).isTrue();
        assertThat(e.diverged()).isZero();
        assertThat(e.pairs()).extracting(p -> p.t1() + "/" + p.t2()).containsExactlyInAnyOrder(
                "CREATED/FOUND", "FOUND/CREATED", "CREATED/DOES_NOT_EXIST", "DOES_NOT_EXIST/CREATED");
        assertThat(e.pairs().stream().mapToLong(Exploration.Pair::interleavings).sum()).isEqualTo(e.explored());
        assertThat(e.blockings()).as("some interleavings make T2's INSERT wait for T1's").isPositive();
        for (Exploration.Pair p : e.pairs()) {
            if (p.outcomes().contains(Outcome.DOES_NOT_EXIST)) {
                assertThat(p.witness()).as("the loser's INSERT hit the winner's key before its re-read saw nothing")
                        .anySatisfy(st -> assertThat(st.error()).matches("SQLState 23(000|505), .*"));
            }
        }
    }

    /**
     * Each run's sessions close their statements when the run is over. They once stayed prepared on the server, a
     * set a run, until the exploration ended: past MariaDB's max_prepared_stmt_count (server-wide, 16,382 by
     * default) every session's prepare failed with 1461. Here the server allows 20 more than it holds now; each run
     * of naive's three sessions prepares 6 (a SELECT and an INSERT each), so 40 runs would need up to 240.
     */
    @Test
    void anExplorationKeepsNoPreparedStatementsOfItsEarlierRunsOnTheServer() throws Exception {
        Target t = Databases.embeddedMariaDb();
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            long limit = number(s, "SELECT @@GLOBAL.max_prepared_stmt_count");
            long held = number(s, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                    + "WHERE VARIABLE_NAME = 'PREPARED_STMT_COUNT'");
            s.execute("SET GLOBAL max_prepared_stmt_count = " + (held + 20));
            try {
                Exploration e = new Explorer(t).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ, false,
                        Settings.NONE, Explorer.Options.of(3, 40));
                assertThat(e.explored() + e.redundant()).isEqualTo(40);
                assertThat(e.pairs()).flatExtracting(Exploration.Pair::outcomes).as("no session failed to prepare")
                        .isSubsetOf(Outcome.CREATED, Outcome.FOUND, Outcome.DOES_NOT_EXIST);
            } finally {
                s.execute("SET GLOBAL max_prepared_stmt_count = " + limit);
            }
        }
    }

    private static long number(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @MethodSource("embedded")
    void aCutExplorationSaysItIsIncomplete(Supplier<Target> db) throws Exception {
        Exploration e = new Explorer(db.get()).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ, false,
                Settings.NONE, Explorer.Options.of(2, 3));
        assertThat(e.explored()).isEqualTo(3);
        assertThat(e.complete()).isFalse();
        assertThat(e.pairs().stream().mapToLong(Exploration.Pair::interleavings).sum()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("embedded")
    void mergingCommutingOrdersKeepsEveryOutcomePairAndRunsFewer(Supplier<Target> db) throws Exception {
        Exploration exact = new Explorer(db.get()).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ, false,
                Settings.NONE, Explorer.Options.of(2, 10_000));
        Exploration merged = new Explorer(db.get()).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ, false,
                Settings.NONE, Explorer.Options.of(2, 10_000).pruned(true));
        assertThat(exact.pruned()).isFalse();
        assertThat(merged.pruned()).isTrue();
        assertThat(merged.complete()).isTrue();
        assertThat(merged.pairs()).extracting(Exploration.Pair::key)
                .containsExactlyInAnyOrderElementsOf(exact.pairs().stream().map(Exploration.Pair::key).toList());
        assertThat(merged.explored()).as("the two first SELECTs, and a SELECT beside the other's INSERT, commute")
                .isLessThan(exact.explored());
    }

    /**
     * Three sessions of naive with every statement a stop: far more orders than a budget of 80 runs. The depth-first
     * part covers one corner; the PCT samples after it reach other outcome combinations, and the result says sampled,
     * with the samples' guarantee, never "all there are".
     */
    @Test
    void aSpaceLargerThanTheBudgetIsSampledAndSaysSo() throws Exception {
        Exploration e = new Explorer(Databases.embeddedMariaDb()).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ,
                false, Settings.NONE, Explorer.Options.of(3, 80).unreducedSearch().seeded(42));
        assertThat(e.complete()).isFalse();
        assertThat(e.sampling()).isNotNull();
        assertThat(e.sampling().samples()).isEqualTo(40);
        assertThat(e.explored() + e.redundant()).isEqualTo(80);
        assertThat(e.pairs()).as("outcome combinations reached").hasSizeGreaterThanOrEqualTo(2);
        assertThat(e.classes()).isGreaterThan(1);
        String text = ExplorationFormat.TEXT.render(e);
        assertThat(text).contains("SAMPLED").contains("PCT samples of depth 3 (seed 42)").doesNotContain("all there are")
                .containsPattern("probability at least [0-9.e-]+");
    }

    @Test
    void aFirstInserterThatRollsBackGivesTheTwoWaitersOfInnoDbADeadlock() throws Exception {
        Exploration e = new Explorer(Databases.embeddedMariaDb()).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ,
                false, Settings.NONE, Explorer.Options.of(3, 20_000).firstInserterAborts());
        assertThat(e.searched()).as("every choice the explorer met was tried").isTrue();
        // which waiter InnoDB grants T1's released key is the server's choice, not the explorer's: runs that meet
        // the other one diverge, and then the exploration is not all there are
        assertThat(e.diverged()).as("InnoDB picked the waiter differently in some replay").isPositive();
        assertThat(e.extent()).isEqualTo(Exploration.Extent.DIVERGED);
        assertThat(ExplorationFormat.TEXT.render(e)).contains("NOT all there are").doesNotContain("all there are\n");
        assertThat(e.firstAborts()).isTrue();
        Exploration.Pair deadlock = e.pairs().stream()
                .filter(p -> p.t1() == Outcome.CREATED && p.outcomes().contains(Outcome.DEADLOCK)).findFirst()
                .orElseThrow(() -> new AssertionError("no deadlock after T1's rollback in " + e.pairs()));
        List<String> witness = deadlock.witness().stream().map(st -> st.session() + " " + st.kind() + " "
                + (st.sql() != null ? st.sql() : st.text())).toList();
        assertThat(witness).as("T1 rolls back where naive commits; both others were blocked on its key")
                .anySatisfy(l -> assertThat(l).startsWith("1 ").contains("ROLLBACK"))
                .noneSatisfy(l -> assertThat(l).startsWith("1 ").contains("COMMIT"));
        assertThat(witness.stream().filter(l -> l.contains("blocks")).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void onPostgresTheWaitersOfAFirstInserterThatRollsBackQueueInsteadOfDeadlocking() throws Exception {
        // both wait on T1's transaction; after its rollback one inserts and the other waits on that one: no cycle
        Exploration e = new Explorer(Databases.embeddedPostgres()).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ,
                false, Settings.NONE, Explorer.Options.of(3, 20_000).firstInserterAborts());
        assertThat(e.complete()).as(ExplorationFormat.TEXT.render(e)).isTrue();
        assertThat(e.outcomes()).doesNotContain(Outcome.DEADLOCK).contains(Outcome.CREATED, Outcome.DOES_NOT_EXIST);
        assertThat(e.blockings()).isPositive();
    }

    @Test
    void theCommandPrintsThePairsTheirCountsAndWitnessesAndExitsOneWhenCut() throws Exception {
        String url = Databases.embeddedMariaDb().jdbcUrl();
        Cli all = Cli.run("explain", "--all", "-s", "naive", "-i", "repeatable-read",
                "--url", url);
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).contains("2 sessions: ").contains("interleavings, all there are")
                .containsPattern("created +does_not_exist +\\d+").contains("shortest witness of created/does_not_exist:")
                .contains("ERROR 1062/23000");
        Cli three = Cli.run("explain", "--all", "--sessions", "3", "-s", "naive",
                "-i", "repeatable-read", "--url", url, "--max-interleavings", "3", "--format", "json");
        assertThat(three.exit()).as("a cut exploration is not a complete answer").isEqualTo(1);
        assertThat(three.out()).contains("\"sessions\" : 3").contains("\"complete\" : false").contains("\"pruned\" : true");
        JsonNode json = new ObjectMapper().readTree(three.out());
        assertThat(json.get("explored").asLong() + json.get("redundant_runs").asLong())
                .as("the bound counts runs, those cut short as redundant included").isEqualTo(3);
        Cli aborts = Cli.run("explain", "--scenario", "first-inserter-aborts", "-s",
                "naive", "-i", "repeatable-read", "--url", url, "--max-interleavings", "4");
        assertThat(aborts.exit()).as("cut: " + aborts.err()).isEqualTo(1);
        assertThat(aborts.out()).contains("3 sessions: ").contains("first-inserter-aborts: T1's caller rolls its transaction back")
                .contains("SAMPLED").doesNotContain("all there are").containsPattern("\\n {4,}\\d+  T1  ROLLBACK → ok");
    }
}
