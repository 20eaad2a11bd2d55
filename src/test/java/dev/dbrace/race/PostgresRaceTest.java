package dev.dbrace.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Verdict;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Databases;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bounded races on PostgreSQL: its default READ COMMITTED is safe for the seed's code; REPEATABLE READ is not. */
class PostgresRaceTest {

    static Stream<Named<Supplier<Target>>> targets() {
        return Databases.postgres();
    }

    private static RaceConfig cfg() {
        return RaceConfig.rounds(6, 100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void naiveIsSafeAtTheDefaultReadCommitted(Supplier<Target> target) throws Exception {
        StrategyResult r = new RaceRunner(target.get()).run(Strategies.byName("naive"), null, cfg());
        assertThat(r.isolation()).isEqualTo("read-committed");
        assertThat(r.server().product()).isEqualTo("PostgreSQL");
        assertThat(r.counts().anomalies()).as(r.outcomes().asMap().toString()).isZero();
        assertThat(r.outcomes().get(Outcome.CREATED)).isEqualTo(100);
        assertThat(r.verification().passed()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void naiveIsRacyAtRepeatableRead(Supplier<Target> target) throws Exception {
        StrategyResult r = new RaceRunner(target.get()).run(Strategies.byName("naive"), Isolation.REPEATABLE_READ, cfg());
        assertThat(r.isolation()).isEqualTo("repeatable-read");
        assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).isPositive();
        assertThat(r.counts().dbErrors().get(DbError.DUPLICATE_KEY)).isPositive();
        assertThat(r.verification().passed()).as(r.verification().problems().toString()).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.RACY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void upsertAndRetryHold(Supplier<Target> target) throws Exception {
        for (String name : new String[] {"upsert", "retry", "commit-then-get"}) {
            StrategyResult r = new RaceRunner(target.get()).run(Strategies.byName(name), null, cfg());
            assertThat(r.counts().anomalies()).as(name + " " + r.outcomes().asMap() + " " + r.counts().samples()).isZero();
            assertThat(r.verification().passed()).isTrue();
            assertThat(r.outcomes().get(Outcome.CREATED)).isEqualTo(100);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void retryCountsItsRetriesAtRepeatableRead(Supplier<Target> target) throws Exception {
        StrategyResult r = new RaceRunner(target.get()).run(Strategies.byName("retry"), Isolation.REPEATABLE_READ, cfg());
        assertThat(r.counts().anomalies()).as(r.outcomes().asMap() + " " + r.counts().samples()).isZero();
        assertThat(r.counts().retries().total()).as("DoesNotExist and serialization failures were retried").isPositive();
        assertThat(r.counts().retries().calls(0)).isLessThan(r.calls());
        assertThat(r.verification().passed()).isTrue();
    }
}
