package dev.dbrace.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.UpsertStrategy;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import org.junit.jupiter.api.Test;

/** {@code --align-at}: a second barrier inside each call, at a step; the SQL is the same. */
class AlignAtTest {

    private static StrategyResult race(Strategy s, AlignAt at, int threads, long rounds) throws Exception {
        Target t = Databases.embeddedMariaDb();
        return new RaceRunner(t).run(s, Isolation.REPEATABLE_READ, RaceConfig.rounds(threads, rounds).withAlignAt(at));
    }

    @Test
    void afterTheFirstStatementEverySnapshotPredatesEveryWrite() throws Exception {
        StrategyResult r = race(new NaiveStrategy(), AlignAt.AFTER_FIRST_STATEMENT, 6, 30);
        StrategyResult.Alignment a = r.setup().alignment();
        assertThat(a.at()).isEqualTo("after-first-statement");
        assertThat(a.aligned() + a.unaligned()).as("every call is counted once").isEqualTo(r.calls());
        assertThat(a.aligned()).as("the barrier held whole rounds together, not only its bound").isPositive();
        assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).isPositive();
        if (a.unaligned() == 0) {
            // every call took its snapshot before any call of its round wrote: no loser can see the winner's row
            assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).as("every loser of every round")
                    .isEqualTo(r.calls() - r.counts().rounds());
        }
        assertThat(r.verification().passed()).isTrue();
    }

    @Test
    void callsThatNeverReachTheStepLetTheirRoundGoOn() throws Exception {
        // the losers of naive never COMMIT (DoesNotExist rolls back): they leave, and the winner is not held
        StrategyResult r = race(new NaiveStrategy(), AlignAt.BEFORE_COMMIT, 4, 20);
        StrategyResult.Alignment a = r.setup().alignment();
        assertThat(a.aligned() + a.unaligned()).isEqualTo(r.calls());
        assertThat(a.unaligned()).as("the calls that never reached COMMIT").isGreaterThanOrEqualTo(
                r.outcomes().get(Outcome.DOES_NOT_EXIST));
        StrategyResult u = race(new UpsertStrategy(), AlignAt.BEFORE_INSERT, 4, 20);
        assertThat(u.setup().alignment().aligned() + u.setup().alignment().unaligned()).isEqualTo(u.calls());
        assertThat(u.setup().alignment().aligned()).as("upsert's calls meet before their INSERT").isPositive();
        assertThat(u.verdict().name()).isEqualTo("SAFE");
    }

    @Test
    void aWorkerWithoutTheGateHotKeysAndUnknownStepsAreRefused() {
        String url = Databases.embeddedMariaDb().jdbcUrl();
        Cli worker = Cli.run("run", "--url", url, "--worker", "/bin/true", "--align-at", "before-insert", "-r", "2");
        assertThat(worker.exit()).isEqualTo(2);
        assertThat(worker.err()).contains("--align-at aims your code's statements with --gate");
        Cli hot = Cli.run("run", "--url", url, "--keys", "3", "--align-at", "before-insert", "-r", "2");
        assertThat(hot.exit()).isEqualTo(2);
        assertThat(hot.err()).contains("hot-key mode (--keys) has no rounds");
        Cli unknown = Cli.run("run", "--url", url, "--align-at", "before-lunch", "-r", "2");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown step 'before-lunch'; use one of free, after-first-statement");
    }
}
