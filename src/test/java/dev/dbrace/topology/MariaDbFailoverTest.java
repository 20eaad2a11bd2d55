package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.cli.ExitCode;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.fault.FaultPlan;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.support.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A MariaDB primary killed mid-race behind HAProxy, and its replica promoted by dbrace's runbook (stop the I/O thread,
 * apply all it received, reset replication, make it writable, point HAProxy at it). Semi-synchronous replication
 * with the AFTER_SYNC wait point loses no acknowledged create; asynchronous replication shows what it shows, and the
 * checker agrees with the table as MySQLdb reads it through the same HAProxy.
 */
class MariaDbFailoverTest {

    private static StrategyResult.Failover raceThroughTheKill(Target t) throws Exception {
        RaceRunner runner = new RaceRunner(t, true);        // kept: the second client reads it; the servers go after
        StrategyResult r = runner.run(new NaiveStrategy(), Isolation.READ_COMMITTED, RaceConfig.rounds(4, 1_000_000)
                .withFault(FaultPlan.parse("kill-primary@calls:200", "200calls", Duration.ofSeconds(120))));
        StrategyResult.Failover f = r.failover();
        assertThat(f.struck()).as(f.note()).isTrue();
        assertThat(f.node()).isEqualTo("primary");
        assertThat(f.healedMs()).as("a call begun after the kill succeeded: the promoted replica served it")
                .isGreaterThan(f.struckMs());
        assertThat(f.calls().get("after")).isGreaterThanOrEqualTo(200);
        assertThat(t.part(Cluster.class).orElseThrow().primary()).contains("replica");
        Map<Long, Set<Long>> table = SecondClient.ids(t);
        long absent = SecondClient.absent(runner.history(), table);
        assertThat(f.count("lost_create")).as("the checker's lost creates are the acknowledged ids MySQLdb does not find")
                .isEqualTo(absent);
        System.out.printf("second client: %s: lost_create=%d, acknowledged ids MySQLdb did not find=%d, findings=%s%n",
                t.label(), f.count("lost_create"), absent, f.findings());
        return f;
    }

    @Test
    void semiSynchronousAfterSyncLosesNoAcknowledgedCreate() throws Exception {
        try (Target t = Started.mariaDbFailover(":semisync-after-sync")) {
            StrategyResult.Failover f = raceThroughTheKill(t);
            assertThat(f.count("lost_create")).as(f.findings().toString()).isZero();
            assertThat(f.count("created_twice")).as(f.findings().toString()).isZero();
        }
    }

    @Test
    void asynchronousReplicationTheCheckerAgreesWithTheTable() throws Exception {
        try (Target t = Started.mariaDbFailover("")) {
            raceThroughTheKill(t);
        }
    }

    @Test
    void runWithAFaultPrintsTheFailoverAndWritesItToSummaryJson() throws Exception {
        Started.requireMariaDbFailover();
        Path dir = Files.createTempDirectory("dbrace-failover-cli");
        try {
            Cli r = Cli.run("run", "--db", "mariadb-failover:semisync-after-sync", "-s", "naive", "-i", "read-committed",
                    "-t", "4", "--fault", "kill-primary@calls:200", "--after-fault", "100calls", "--out", dir.toString());
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
            assertThat(r.out()).contains("fault: kill-primary@calls:200, then 100 calls after the failover (bound 60s)")
                    .contains("struck primary at").contains("acknowledged creates lost 0");
            JsonNode f = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("strategies").get(0)
                    .get("failover");
            assertThat(f.get("struck_node").asText()).isEqualTo("primary");
            assertThat(f.get("healed_ms").asLong()).isGreaterThan(f.get("struck_ms").asLong());
            assertThat(f.get("calls_per_second")).isNotEmpty();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
