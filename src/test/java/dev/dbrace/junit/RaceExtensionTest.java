package dev.dbrace.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.dbrace.api.Result;
import dev.dbrace.support.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The JUnit 5 extension, as a team's tests use it, on the embedded MariaDB. */
class RaceExtensionTest {

    @RaceDatabase
    static String database = Databases.embeddedMariaDb().jdbcUrl();

    @RaceTest(threads = 4, rounds = 60, isolation = "repeatable-read")
    void theSeedIsRacyAtRepeatableRead(Race race) {
        Result r = race.run("jdbc-seed", JdbcGetOrCreate.SEED).assertRacy();
        assertThat(r.count("does_not_exist")).isPositive();
        assertThat(r.isolation()).isEqualTo("repeatable-read");
        assertThat(race.results().resolve("summary.json")).exists();
        assertThat(race.results().toString().replace('\\', '/'))
                .endsWith("target/dbrace/dev.dbrace.junit.RaceExtensionTest/theSeedIsRacyAtRepeatableRead");
    }

    @RaceTest(threads = 4, rounds = 60)
    void insertIgnoreIsSafe(Race race) {
        Result r = race.run("jdbc-insert-ignore", JdbcGetOrCreate.INSERT_IGNORE).assertSafe();
        assertThat(r.count("found")).isEqualTo(180);
    }

    /** Run only through the test kit below (Surefire leaves nested classes alone). */
    static class FailingSafeClaim {
        @RaceDatabase
        static String database = Databases.embeddedMariaDb().jdbcUrl();

        @RaceTest(threads = 4, rounds = 60, isolation = "repeatable-read")
        void seedClaimedSafe(Race race) {
            race.run("jdbc-seed", JdbcGetOrCreate.SEED).assertSafe();
        }
    }

    /** Shaped like a Testcontainers JdbcDatabaseContainer (read through the same three getters), on the embedded server. */
    public static final class ContainerLike {
        public String getJdbcUrl() {
            return Databases.embeddedMariaDb().jdbcUrl();
        }

        public String getUsername() {
            return "root";
        }

        public String getPassword() {
            return "";
        }
    }

    /** Run only through the test kit below. */
    static class FromAContainer {
        @RaceDatabase
        static ContainerLike container() {
            return new ContainerLike();
        }

        @RaceTest(threads = 2, rounds = 20)
        void races(Race race) {
            Result r = race.run("jdbc-insert-ignore", JdbcGetOrCreate.INSERT_IGNORE).assertSafe();
            // the container's URL, not an embedded server the extension would have started ("embedded-mariadb")
            assertThat(r.database()).startsWith(new ContainerLike().getJdbcUrl());
        }
    }

    @Test
    void aContainerTheTestAlreadyHasIsReadThroughItsGetters() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(FromAContainer.class)).execute()
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void aFailedAssertionPrintsTheSummaryAndSamples() throws Exception {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingSafeClaim.class)).execute()
                .testEvents();
        tests.assertStatistics(s -> s.started(1).failed(1));
        Throwable thrown = tests.failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(thrown).isInstanceOf(AssertionError.class);
        assertThat(thrown.getMessage())
                .contains("jdbc-seed at repeatable-read on jdbc:mysql://")
                .containsPattern("expected safe, but \\d+ of 240 calls ended in does_not_exist")
                .contains("STRATEGY").contains("RESULT").contains("does_not_exist: jdbc-seed returned does_not_exist");
        assertThat(Files.exists(Path.of("target/dbrace", FailingSafeClaim.class.getName(), "seedClaimedSafe", "summary.json")))
                .isTrue();
    }
}
