package dev.dbrace.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Verdict;
import dev.dbrace.strategy.CommitThenGetStrategy;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.strategy.ReadCommittedStrategy;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.UpsertStrategy;
import dev.dbrace.support.Databases;
import dev.dbrace.db.Target;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bounded real races: the seed's code must be caught, and the fixes must hold. */
class RaceRunnerTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 150;

    static Stream<Named<Supplier<Target>>> targets() {
        return Databases.mysqlFamily();
    }

    private static RaceConfig rounds() {
        return RaceConfig.rounds(THREADS, ROUNDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void naiveLetsDoesNotExistReachTheCaller(Supplier<Target> target) throws Exception {
        StrategyResult r = new RaceRunner(target.get()).run(new NaiveStrategy(), null, rounds());
        assertThat(r.isolation()).isEqualTo("repeatable-read");
        assertThat(r.calls()).isEqualTo((long) THREADS * ROUNDS);
        assertThat(r.outcomes().total()).isEqualTo(r.calls());
        assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).isPositive();
        // every DoesNotExist came after a duplicate key the server raised
        assertThat(r.counts().dbErrors().get(DbError.DUPLICATE_KEY)).isGreaterThanOrEqualTo(r.outcomes().get(Outcome.DOES_NOT_EXIST));
        assertThat(r.outcomes().get(Outcome.CREATED)).isEqualTo(ROUNDS);
        assertThat(r.verification().passed()).as(r.verification().problems().toString()).isTrue();
        assertThat(r.verification().rows()).isEqualTo(ROUNDS);
        assertThat(r.verdict()).isEqualTo(Verdict.RACY);
        // a DoesNotExist sample carries the call's statements from the strategy's own trace: the INSERT's 1062 and
        // the re-read that still found nothing
        assertThat(r.counts().samples().get(Outcome.DOES_NOT_EXIST).get(0)).contains("the call's statements: ")
                .containsPattern("INSERT INTO [^|]*→ ERROR 1062").containsPattern("\\| SELECT [^|]*→ no row");
    }

    static Stream<Named<Strategy>> fixes() {
        return Stream.of(new CommitThenGetStrategy(), new ReadCommittedStrategy(), new UpsertStrategy())
                .map(s -> Named.of(s.name(), s));
    }

    /** {@link #fixes()} but read-committed, whose embedded-server test is {@link #readCommittedOnEmbeddedLetsOnlyDoesNotExistThrough}. */
    static Stream<Named<Strategy>> fixesThatHoldOn114() {
        return fixes().filter(n -> !(n.getPayload() instanceof ReadCommittedStrategy));
    }

    @ParameterizedTest(name = "{0} on embedded MariaDB")
    @MethodSource("fixesThatHoldOn114")
    void fixesHoldOnEmbedded(Strategy strategy) throws Exception {
        assertHolds(Databases.embeddedMariaDb(), strategy);
    }

    /**
     * READ COMMITTED on MariaDB 11.4.5: a loser's re-read after the duplicate-key error can, rarely and under load,
     * still miss the winner's row (docs/strategies.md, "READ COMMITTED on MariaDB 11.4"; seen with Connector/J and
     * with Python's MySQLdb). What holds run after run: the connections are at READ COMMITTED, every round creates
     * its row once, DoesNotExist is the only thing that may reach a caller, and the table is right.
     */
    @Test
    void readCommittedOnEmbeddedLetsOnlyDoesNotExistThrough() throws Exception {
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(new ReadCommittedStrategy(), null, rounds());
        assertThat(r.isolation()).isEqualTo("read-committed");
        assertThat(r.outcomes().get(Outcome.CREATED)).isEqualTo(ROUNDS);
        assertThat(r.outcomes().get(Outcome.FOUND) + r.outcomes().get(Outcome.DOES_NOT_EXIST))
                .as("outcomes " + r.outcomes().asMap()).isEqualTo((long) (THREADS - 1) * ROUNDS);
        assertThat(r.verification().passed()).as(r.verification().problems().toString()).isTrue();
    }

    @ParameterizedTest(name = "{0} on the MariaDB service")
    @MethodSource("fixes")
    void fixesHoldOnService(Strategy strategy) throws Exception {
        assertHolds(Databases.mariaDbService(), strategy);
    }

    private static void assertHolds(Target t, Strategy strategy) throws Exception {
        StrategyResult r = new RaceRunner(t).run(strategy, null, rounds());
        assertThat(r.counts().anomalies()).as("outcomes " + r.outcomes().asMap() + ", samples " + r.counts().samples()).isZero();
        assertThat(r.outcomes().get(Outcome.CREATED)).isEqualTo(ROUNDS);
        assertThat(r.outcomes().get(Outcome.FOUND)).isEqualTo((long) (THREADS - 1) * ROUNDS);
        assertThat(r.verification().passed()).as(r.verification().problems().toString()).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        if (strategy instanceof CommitThenGetStrategy) {
            assertThat(r.counts().dbErrors().get(DbError.DUPLICATE_KEY)).as("the duplicates it absorbed are counted").isPositive();
        }
        if (strategy instanceof ReadCommittedStrategy) {
            assertThat(r.isolation()).isEqualTo("read-committed");
        }
    }

    @Test
    void hotKeysMixCreatesAndFinds() throws Exception {
        RaceConfig cfg = RaceConfig.rounds(6, 100).withHotKeys(5);
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(new UpsertStrategy(), null, cfg);
        assertThat(r.calls()).isEqualTo(600);
        assertThat(r.outcomes().get(Outcome.CREATED)).isBetween(1L, 5L);
        assertThat(r.outcomes().get(Outcome.FOUND)).isEqualTo(600 - r.outcomes().get(Outcome.CREATED));
        assertThat(r.verification().rows()).isEqualTo(r.outcomes().get(Outcome.CREATED));
        assertThat(r.verification().passed()).isTrue();
    }

    @Test
    void durationModeRunsUntilTheDeadline() throws Exception {
        RaceConfig cfg = RaceConfig.rounds(4, 1).withDuration(Duration.ofMillis(1500));
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(new UpsertStrategy(), null, cfg);
        assertThat(r.counts().rounds()).isGreaterThan(1);
        assertThat(r.calls()).isEqualTo(4 * r.counts().rounds());
        assertThat(r.timing().wallNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(1500).toNanos());
        assertThat(r.verification().passed()).isTrue();
        assertThat(r.verification().rows()).isEqualTo(r.counts().rounds());
    }

    @Test
    void hotKeysWithADurationIgnoreTheRoundCount() throws Exception {
        RaceConfig cfg = RaceConfig.rounds(3, 5).withDuration(Duration.ofMillis(1200)).withHotKeys(4);
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(new UpsertStrategy(), null, cfg);
        assertThat(r.calls()).as("ran for the duration, not 5 calls per thread").isGreaterThan(15);
        assertThat(r.timing().wallNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(1200).toNanos());
        assertThat(r.verification().passed()).isTrue();
    }

    @Test
    void oneThreadIsNotARace() throws Exception {
        RaceConfig cfg = RaceConfig.rounds(1, 50);
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(new NaiveStrategy(), null, cfg);
        assertThat(r.outcomes().get(Outcome.CREATED)).isEqualTo(50);
        assertThat(r.verdict()).isEqualTo(Verdict.UNRACED);
    }

    @Test
    void hotKeyWarmupIsMadeByEveryThreadAndNotCounted() throws Exception {
        RaceConfig cfg = RaceConfig.rounds(3, 300).withHotKeys(4).withWarmup(30);
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(new UpsertStrategy(), null, cfg);
        assertThat(r.calls()).as("only the measured calls").isEqualTo(3 * 300);
        assertThat(r.counts().rounds()).isEqualTo(300);
        // the JVM reads process CPU time in clock ticks (10 ms); 900 calls take several
        assertThat(r.timing().clientCpuNanos()).as("the client's CPU over the measured part").isPositive();
        assertThat(r.verification().passed()).isTrue();
    }
}
