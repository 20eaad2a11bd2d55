package dev.dbrace.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.explain.Exploration;
import dev.dbrace.explain.Explorer;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Explorations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every outcome a race saw is one some interleaving gives: for each strategy (not {@code retry}, whose backoff makes
 * its space unbounded) and level, on both embedded servers, with two sessions (every order; and merged at READ
 * COMMITTED and REPEATABLE READ, where plain reads commute, which must give the same pairs); and with three
 * (merged) for naive, locking-reread and create-or-find at REPEATABLE READ. An outcome the race saw and no
 * interleaving gives is a finding: the model misses something. Where ReductionAgreesWithUnreducedTest holds the merged
 * exploration to the unreduced one (its four strategies at READ COMMITTED and REPEATABLE READ), the race is held to
 * that same merged exploration, made once for both classes ({@link Explorations}), and every order is not run again.
 */
class RaceAgreesWithExplorationTest {

    private static final long ROUNDS = 150;

    /** The strategies ReductionAgreesWithUnreducedTest explores merged and unreduced, at {@link #MERGED_LEVELS}. */
    private static final Set<String> REDUCTION_CHECKED = Set.of("naive", "create-or-find", "locking-reread", "commit-then-get");
    private static final Set<Isolation> MERGED_LEVELS = Set.of(Isolation.READ_COMMITTED, Isolation.REPEATABLE_READ);

    static Stream<Arguments> twoSessions() {
        List<Arguments> all = new ArrayList<>();
        for (Named<Supplier<Target>> db : List.of(Named.of("embedded MariaDB", (Supplier<Target>) Databases::embeddedMariaDb),
                Named.of("embedded PostgreSQL", (Supplier<Target>) Databases::embeddedPostgres))) {
            for (String name : Strategies.names()) {
                if (name.equals("retry")) {
                    continue;
                }
                Strategy s = Strategies.byName(name);
                List<Isolation> levels = s.isolation() != null ? List.of(s.isolation()) : List.of(Isolation.values());
                for (Isolation level : levels) {
                    all.add(Arguments.of(db, name, level));
                }
            }
        }
        return all.stream();
    }

    static Stream<Arguments> threeSessions() {
        List<Arguments> all = new ArrayList<>();
        for (Named<Supplier<Target>> db : List.of(Named.of("embedded MariaDB", (Supplier<Target>) Databases::embeddedMariaDb),
                Named.of("embedded PostgreSQL", (Supplier<Target>) Databases::embeddedPostgres))) {
            for (String name : List.of("naive", "locking-reread", "create-or-find")) {
                all.add(Arguments.of(db, name, Isolation.REPEATABLE_READ));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1} at {2}, 2 sessions")
    @MethodSource("twoSessions")
    void withTwoSessions(Supplier<Target> db, String strategy, Isolation level) throws Exception {
        agree(db.get(), strategy, level, 2);
    }

    @ParameterizedTest(name = "{0}: {1} at {2}, 3 sessions")
    @MethodSource("threeSessions")
    void withThreeSessions(Supplier<Target> db, String strategy, Isolation level) throws Exception {
        Target t = db.get();
        Exploration x = agree(t, strategy, level, 3);
        if (strategy.equals("naive")) {
            assertThat(x.outcomes()).contains(Outcome.DOES_NOT_EXIST);
        }
        if (strategy.equals("locking-reread") && t.dialect().product().contains("MariaDB")) {
            // the crowd shape two sessions cannot show: two losers holding shared locks on the winner's row
            Exploration.Pair deadlock = x.pairs().stream().filter(p -> p.outcomes().contains(Outcome.DEADLOCK))
                    .findFirst().orElseThrow(() -> new AssertionError("no deadlock among " + x.pairs()));
            assertThat(deadlock.witness()).anySatisfy(step -> assertThat(step.error()).contains("1213"));
        }
    }

    private static Exploration agree(Target t, String strategy, Isolation level, int sessions) throws Exception {
        Strategy s = Strategies.byName(strategy);
        if (!s.supportedBy(t.dialect())) {
            assertThat(strategy).as("only insert-ignore-select lacks a form on some server").isEqualTo("insert-ignore-select");
            return null;
        }
        StrategyResult race = new RaceRunner(t).run(s, level, RaceConfig.rounds(sessions, ROUNDS));
        Exploration x;
        if (sessions == 2 && REDUCTION_CHECKED.contains(strategy) && MERGED_LEVELS.contains(level)) {
            // ReductionAgreesWithUnreducedTest holds this merged exploration to the unreduced one, which every order
            // falls within: the race is held to it, made once for both classes
            x = Explorations.of(t, strategy, level, Explorer.Options.of(2, 20_000).pruned(true));
        } else {
            x = Explorations.of(t, strategy, level, Explorer.Options.of(sessions, 20_000));
        }
        assertThat(x.complete()).as("the exploration ran to the end").isTrue();
        if (sessions == 2 && !REDUCTION_CHECKED.contains(strategy) && MERGED_LEVELS.contains(level)) {
            // two sessions: every order (the default), and merged where reads commute, which must give the same pairs
            Exploration merged = new Explorer(t).explore(s, level, false, Settings.NONE,
                    Explorer.Options.of(2, 20_000).pruned(true));
            assertThat(merged.pairs()).extracting(Exploration.Pair::key).as("merging commuting orders drops no pair")
                    .containsExactlyInAnyOrderElementsOf(x.pairs().stream().map(Exploration.Pair::key).toList());
        }
        Agreement a = Agreement.of(race, x);
        assertThat(a.findings()).as("outcomes the race saw (%s) that no interleaving of %d sessions gives (%s)",
                race.outcomes(), sessions, x.pairs().stream().map(Exploration.Pair::key).toList()).isEmpty();
        assertThat(race.verification().passed()).isTrue();
        return x;
    }
}
