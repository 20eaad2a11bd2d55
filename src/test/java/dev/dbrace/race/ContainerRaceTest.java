package dev.dbrace.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.db.Targets;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Strategies;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * MySQL 8.4, MariaDB 11 and PostgreSQL 17 in Docker. Where no Docker engine answers, JUnit reports
 * these as skipped (disabledWithoutDocker), never as passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerRaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"mysql:8.4", "mariadb:11", "postgres:17"})
    void seedCodeIsCaughtAndUpsertHolds(String image) throws Exception {
        try (Target t = Targets.start(image, 50)) {
            boolean postgres = image.startsWith("postgres");
            RaceConfig cfg = RaceConfig.rounds(6, 100);
            StrategyResult naive = new RaceRunner(t).run(Strategies.byName("naive"),
                    postgres ? Isolation.REPEATABLE_READ : null, cfg);
            assertThat(naive.outcomes().get(Outcome.DOES_NOT_EXIST)).isPositive();
            assertThat(naive.verification().passed()).isTrue();
            StrategyResult upsert = new RaceRunner(t).run(Strategies.byName("upsert"), null, cfg);
            assertThat(upsert.counts().anomalies()).isZero();
            assertThat(upsert.outcomes().get(Outcome.CREATED)).isEqualTo(100);
            assertThat(upsert.verification().passed()).isTrue();
        }
    }
}
