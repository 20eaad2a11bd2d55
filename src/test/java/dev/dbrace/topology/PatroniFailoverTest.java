package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.fault.FaultPlan;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.ResultFiles;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.SummaryReader;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.strategy.UpsertStrategy;
import dev.dbrace.cli.ExitCode;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.verify.HistoryCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Races through HAProxy to a Patroni cluster while the leader is killed (Patroni and its PostgreSQL SIGKILLed, as a
 * machine dies): the race goes on through the new leader, and every call's history is checked against the final
 * table. The test holds the checker to the table as a second client reads it (psycopg2, through the same HAProxy):
 * an acknowledged create whose row is not there is one the checker reports lost, and no other.
 */
class PatroniFailoverTest {

    /** Strike once 200 calls are answered; go on for 200 calls after the failover. The rounds are an outer bound. */
    private static RaceConfig faulted(int threads) {
        return RaceConfig.rounds(threads, 1_000_000)
                .withFault(FaultPlan.parse("kill-primary@calls:200", "200calls", Duration.ofSeconds(120)));
    }

    private static StrategyResult raceThroughTheKill(Target t, Strategy s) throws Exception {
        RaceRunner runner = new RaceRunner(t, true);        // kept: the second client reads it; the cluster goes after
        // scripts/failover-confirm.sh races 8 threads, as scripts/failover.sh does: losses are likelier at its pace
        StrategyResult r = runner.run(s, Isolation.READ_COMMITTED, faulted(Integer.getInteger("dbrace.failover.threads", 4)));
        StrategyResult.Failover f = r.failover();
        assertThat(f.struck()).as(f.note()).isTrue();
        assertThat(f.node()).isEqualTo("node1");
        assertThat(f.healedMs()).as("a call begun after the kill succeeded: the new leader served it")
                .isGreaterThan(f.struckMs());
        assertThat(f.calls().get("after")).isGreaterThanOrEqualTo(200);
        assertThat(t.part(Cluster.class).orElseThrow().primary()).as("Patroni promoted the replica").contains("node2");
        Map<Long, Set<Long>> table = SecondClient.ids(t);
        long absent = SecondClient.absent(runner.history(), table);
        assertThat(f.count("lost_create")).as("the checker's lost creates are the acknowledged ids the table lacks")
                .isEqualTo(absent);
        // scripts/failover-confirm.sh collects these lines: a loss in the docs stands on psycopg2's agreement
        System.out.printf("second client: %s %s: lost_create=%d, acknowledged ids psycopg2 did not find=%d, findings=%s%n",
                t.label(), s.name(), f.count("lost_create"), absent, f.findings());
        long twoIds = runner.history().stream().filter(c -> c.outcome().isSuccess() && !c.inDoubt())
                .collect(Collectors.groupingBy(HistoryCheck.Call::key,
                        Collectors.mapping(HistoryCheck.Call::id, Collectors.toSet())))
                .values().stream().filter(ids -> ids.size() > 1).count();
        assertThat(f.count("created_twice")).isEqualTo(twoIds);
        if (f.count("lost_create") + f.count("created_twice") + f.count("found_gone") > 0) {
            assertThat(r.verification().passed()).as("a contradiction of the table fails the verification").isFalse();
        }
        return r;
    }

    @Test
    void asynchronousReplicationTheRaceGoesOnThroughTheNewLeaderAndTheCheckerAgreesWithTheTable() throws Exception {
        try (Target t = Started.patroni("")) {
            raceThroughTheKill(t, new NaiveStrategy());
        }
    }

    @Test
    void upsertThroughTheKillOfTheLeaderIsCheckedTheSameWay() throws Exception {
        try (Target t = Started.patroni("")) {
            StrategyResult r = raceThroughTheKill(t, new UpsertStrategy());
            // summary.json's writer and reader mirror each other; report.html draws the strike and the failover
            Path dir = Files.createTempDirectory("dbrace-failover-report");
            try {
                ResultFiles.writeAll(dir, new RunReport("test", Instant.now(), Map.of(), List.of(), List.of(r), List.of(),
                        false));
                assertThat(SummaryReader.read(dir.resolve("summary.json")).results().get(0).failover())
                        .isEqualTo(r.failover());
                assertThat(Files.readString(dir.resolve("report.html"))).contains("struck node1")
                        .contains("first success after it").contains("acknowledged creates lost");
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void synchronousModeLosesNoAcknowledgedCreate() throws Exception {
        try (Target t = Started.patroni(":sync")) {
            StrategyResult.Failover f = raceThroughTheKill(t, new NaiveStrategy()).failover();
            assertThat(f.count("lost_create")).as(f.findings().toString()).isZero();
            assertThat(f.count("created_twice")).as(f.findings().toString()).isZero();
            assertThat(f.count("found_gone")).as(f.findings().toString()).isZero();
        }
    }

    @Test
    void aFaultOnAServerDbraceDidNotStartIsRefusedBeforeAnyTableIsMade() {
        Target t = Databases.postgresService();
        RaceConfig cfg = faulted(2);
        assertThatThrownBy(() -> new RaceRunner(t).run(new NaiveStrategy(), null, cfg))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fault strikes a cluster dbrace started");
    }

    @Test
    void theFaultSyntaxSaysWhatItTakes() {
        assertThat(FaultPlan.parse("kill-node:2@calls:300", "5s", null).describe())
                .isEqualTo("kill-node:2@calls:300, then 5s after the failover (bound 60s)");
        assertThat(FaultPlan.parse("kill-primary@10s", null, null).describe())
                .isEqualTo("kill-primary@10s, then 10s after the failover (bound 60s)");
        assertThatThrownBy(() -> FaultPlan.parse("kill-everything", null, null))
                .hasMessageContaining("kill-primary or kill-node:N");
        List.of("10", "x calls").forEach(a -> assertThatThrownBy(
                () -> FaultPlan.parse("kill-primary@1s", a, null)).hasMessageContaining("--after-fault"));
    }

    @Test
    void runRefusesAFaultOverSeveralRacesAndAfterFaultWithoutAFaultInOneLineBeforeAnythingStarts() {
        Cli several = Cli.run("run", "--db", "patroni", "-s", "naive,upsert", "--fault", "kill-primary@5s");
        assertThat(several.exit()).as(several.err()).isEqualTo(ExitCode.USAGE);
        assertThat(several.err()).contains("--fault kills a node of the cluster").contains("2 races were asked for");
        Cli alone = Cli.run("run", "-s", "naive", "--after-fault", "5s");
        assertThat(alone.exit()).as(alone.err()).isEqualTo(ExitCode.USAGE);
        assertThat(alone.err()).contains("--after-fault and --failover-bound go with --fault");
        Cli syntax = Cli.run("run", "--db", "patroni", "-s", "naive", "--fault", "kill-primary");
        assertThat(syntax.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(syntax.err()).contains("--fault takes WHAT@WHEN");
    }
}
