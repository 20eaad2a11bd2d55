package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.support.Databases;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
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
                Settings.NONE, 10_000);
        assertThat(e.complete()).isTrue();
        assertThat(e.diverged()).isZero();
        assertThat(e.pairs()).extracting(p -> p.t1() + "/" + p.t2()).containsExactlyInAnyOrder(
                "CREATED/FOUND", "FOUND/CREATED", "CREATED/DOES_NOT_EXIST", "DOES_NOT_EXIST/CREATED");
        assertThat(e.pairs().stream().mapToLong(Exploration.Pair::interleavings).sum()).isEqualTo(e.explored());
        assertThat(e.blockings()).as("some interleavings make T2's INSERT wait for T1's").isPositive();
        for (Exploration.Pair p : e.pairs()) {
            assertThat(p.witness()).as("a witness timeline").isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("embedded")
    void aCutExplorationSaysItIsIncomplete(Supplier<Target> db) throws Exception {
        Exploration e = new Explorer(db.get()).explore(new NaiveStrategy(), Isolation.REPEATABLE_READ, false,
                Settings.NONE, 3);
        assertThat(e.explored()).isEqualTo(3);
        assertThat(e.complete()).isFalse();
        assertThat(List.of(Outcome.values())).containsAll(e.outcomes());
    }

    @org.junit.jupiter.api.Test
    void theCommandPrintsThePairsTheirCountsAndWitnessesAndExitsOneWhenCut() {
        String url = Databases.embeddedMariaDb().jdbcUrl();
        dev.dbrace.support.Cli all = dev.dbrace.support.Cli.run("explain", "--all", "-s", "naive", "-i", "repeatable-read",
                "--url", url);
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).contains("2 sessions: ").contains("interleavings, all there are")
                .containsPattern("created +does_not_exist +\\d+").contains("shortest witness of created/does_not_exist:")
                .contains("ERROR 1062/23000");
        dev.dbrace.support.Cli three = dev.dbrace.support.Cli.run("explain", "--all", "--sessions", "3", "-s", "naive",
                "-i", "repeatable-read", "--url", url, "--max-interleavings", "3", "--format", "json");
        assertThat(three.exit()).as("a cut exploration is not a complete answer").isEqualTo(1);
        assertThat(three.out()).contains("\"sessions\" : 3").contains("\"complete\" : false").contains("\"explored\" : 3");
    }
}
