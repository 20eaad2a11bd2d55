package dev.dbrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.ContainerTarget;
import dev.dbrace.db.Target;
import dev.dbrace.measure.Latency;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.JsonFormat;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dbrace run} end to end on real databases: exit status, console table and summary.json. */
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void defaultEmbeddedRunPrintsTheTableAndWritesConsistentJson() throws Exception {
        Path json = dir.resolve("copy.json");
        Cli r = Cli.run("run", "--threads", "4", "--rounds", "60", "--out", dir.toString(), "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("STRATEGY", "VERDICT", "naive", "commit-then-get", "read-committed", "upsert",
                "RESULT", "SAMPLES", "FREQ", "EXPECT", "DESCRIPTION");
        assertThat(r.out()).containsPattern("naive\\s+repeatable-read\\s+240 .*RACY");
        assertThat(r.out()).containsPattern("upsert\\s+repeatable-read\\s+240 .*SAFE");

        JsonNode root = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(Files.readString(json)).isEqualTo(Files.readString(dir.resolve("summary.json")));
        assertThat(root.at("/targets/0/name").asText()).isEqualTo("embedded-mariadb");
        assertThat(root.at("/targets/0/product").asText()).isEqualTo("MariaDB");
        assertThat(root.at("/targets/0/version").asText()).startsWith("11.4.5");
        assertThat(root.at("/config/threads").asInt()).isEqualTo(4);
        assertThat(root.at("/config/rounds").asInt()).isEqualTo(60);
        assertThat(root.get("strategies")).hasSize(4);
        for (JsonNode s : root.get("strategies")) {
            for (String field : JsonFormat.rowFields()) {
                assertThat(s.has(field)).as(field).isTrue();
            }
            assertThat(s.get("database").asText()).isEqualTo("embedded-mariadb");
            assertThat(s.get("product").asText()).isEqualTo("MariaDB");
            long sum = 0;
            for (JsonNode n : s.get("outcomes")) {
                sum += n.asLong();
            }
            assertThat(sum).as("outcomes add up to calls").isEqualTo(s.get("calls").asLong()).isEqualTo(240);
            assertThat(s.at("/verification/passed").asBoolean()).isTrue();
            assertThat(s.at("/latency_us/p50").asLong()).isPositive();
            assertThat(s.at("/latency_us/p99").asLong()).isGreaterThanOrEqualTo(s.at("/latency_us/p50").asLong());
            assertThat(s.get("throughput_ops_s").asDouble()).isPositive();
            long encoded = Latency.decode(s.at("/histogram/success").asText()).getTotalCount()
                    + Latency.decode(s.at("/histogram/failure").asText()).getTotalCount();
            assertThat(encoded).as("histograms hold every call").isEqualTo(240);
        }
        JsonNode naive = root.get("strategies").get(0);
        assertThat(naive.get("strategy").asText()).isEqualTo("naive");
        assertThat(naive.at("/outcomes/does_not_exist").asLong()).isPositive();
        assertThat(naive.at("/db_errors/duplicate_key").asLong()).isPositive();
    }

    @Test
    void existingServerByUrl() throws Exception {
        Target service = Databases.mariaDbService();
        Cli r = Cli.run("run", "--url", service.jdbcUrl(), "--user", "root", "--strategy", "naive,upsert",
                "-t", "4", "-r", "40", "-q", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("MariaDB 10.11").containsPattern("naive .*RACY").containsPattern("upsert .*SAFE");
        JsonNode root = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(root.at("/config/password").asText()).isEqualTo("****");
    }

    @Test
    void unknownStrategyIsAUsageError() {
        Cli r = Cli.run("run", "--strategy", "naive,nope");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unknown strategy 'nope'").contains("naive, commit-then-get").doesNotContain("at dev.");
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertThat(Cli.run("run", "--threads", "0").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("run", "--rounds", "-5").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("run", "--rounds", "many").exit()).isEqualTo(ExitCode.USAGE);
        Cli d = Cli.run("run", "--duration", "soon");
        assertThat(d.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(d.err()).contains("'soon' is not a duration");
        Cli i = Cli.run("run", "--isolation", "chaos");
        assertThat(i.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(i.err()).contains("unknown isolation 'chaos'");
    }

    @Test
    void unsupportedUrlIsAUsageError() {
        Cli r = Cli.run("run", "--url", "jdbc:oracle:thin:@db:1521/x");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unsupported JDBC URL");
    }

    @Test
    void closedPortIsUnreachableAndThePasswordNeverPrinted() {
        Cli r = Cli.run("run", "--url", "jdbc:mysql://127.0.0.1:1/x?password=hunter2secret", "-q");
        assertThat(r.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.err()).contains("cannot use").contains("check the host and port").doesNotContain("hunter2secret").doesNotContain("\tat ");
    }

    @Test
    void containerWithoutDockerIsOneClearSentence() {
        Assumptions.assumeFalse(ContainerTarget.dockerAvailable(),
                "Docker is available here; the container tests cover this case");
        Cli r = Cli.run("run", "--db", "mysql:8.4", "-q");
        assertThat(r.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.err().strip()).startsWith("dbrace: no Docker engine is available here").contains("embedded-mariadb")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void unknownDatabaseIsAUsageError() {
        Cli r = Cli.run("run", "--db", "oracle");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unknown database 'oracle'");
    }

    @Test
    void serviceSweepAcrossDatabasesAndLevels() throws Exception {
        Target maria = Databases.mariaDbService();
        Target pg = Databases.postgresService();
        Cli r = Cli.run("run", "--url", maria.jdbcUrl(), "--url", pg.jdbcUrl() + "?user=postgres", "--strategy", "naive",
                "--isolation", "all", "-t", "4", "-r", "30", "-q", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
        JsonNode root = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(root.get("strategies")).hasSize(6);
        assertThat(root.get("targets")).hasSize(2);
        assertThat(root.at("/strategies/0/product").asText()).isEqualTo("MariaDB");
        assertThat(root.at("/strategies/3/product").asText()).isEqualTo("PostgreSQL");
        assertThat(root.at("/strategies/3/isolation").asText()).isEqualTo("read-committed");
        assertThat(root.at("/strategies/4/isolation").asText()).isEqualTo("repeatable-read");
        assertThat(root.at("/strategies/5/isolation").asText()).isEqualTo("serializable");
        assertThat(r.out()).contains("DATABASE");
    }

    @Test
    void versionAndHelp() {
        assertThat(Cli.run("--version").out()).startsWith("dbrace ");
        Cli help = Cli.run("run", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--strategy", "--threads", "--rounds", "--duration", "--keys", "Exit status");
        assertThat(Cli.run("strategies").out()).contains("naive", "commit-then-get", "read-committed", "upsert");
    }

    @Test
    void aLaterDatabaseThatCannotBeReachedKeepsTheResultsOfTheEarlierOne(@TempDir Path dir)
            throws Exception {
        Cli r = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "--url", "jdbc:mysql://127.0.0.1:1/none",
                "-s", "upsert", "-t", "2", "-r", "20", "-q", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.UNREACHABLE);
        JsonNode root = new ObjectMapper()
                .readTree(dir.resolve("summary.json").toFile());
        assertThat(root.get("partial").asBoolean()).isTrue();
        assertThat(root.at("/strategies/0/calls").asLong()).isEqualTo(40);
        assertThat(root.at("/not_raced/0/database").asText()).isEqualTo("jdbc:mysql://127.0.0.1:1/none");
        assertThat(root.at("/not_raced/0/status").asText()).isEqualTo("not_started");
    }

    @Test
    void aHotKeyWarmupLongerThanTheDurationStillEnds() throws Exception {
        // the duration counts from the end of everyone's warm-up; before, a warm-up it cut short hung the others
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(
                Strategies.byName("upsert"), null, RaceConfig.rounds(4, 1)
                        .withHotKeys(8).withWarmup(40).withDuration(Duration.ofMillis(1)));
        assertThat(r.verification().passed()).isTrue();
        assertThat(r.verification().rows()).as("the warm-up's rows").isPositive();
    }
}
