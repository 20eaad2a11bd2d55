package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.fault.FaultPlan;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.verify.HistoryCheck;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/**
 * One of three Galera nodes killed mid-race (SIGKILL of its mariadbd): the other two go on taking writes, and no
 * create a caller was told of is lost, nor a key given two ids. The two threads whose node died reconnect to the next
 * node (their pool's URL lists the others after their own) and go on.
 */
class GaleraFailoverTest {

    @Test
    void killingOneOfThreeNodesLosesNoAcknowledgedCreate() throws Exception {
        try (Target t = Started.galera()) {
            RaceConfig cfg = RaceConfig.rounds(6, 1_000_000).withHotKeys(40)
                    .withFault(FaultPlan.parse("kill-node:2@calls:300", "600calls", Duration.ofSeconds(120)));
            RaceRunner runner = new RaceRunner(t);
            assertThatThrownBy(() -> runner.run(new NaiveStrategy(), Isolation.READ_COMMITTED, RaceConfig.rounds(6, 10)
                    .withFault(FaultPlan.parse("kill-node:1@calls:1", null, null))))
                    .as("node1 sets up and verifies: refused before the race").hasMessageContaining("node1 sets up");
            assertThatThrownBy(() -> runner.run(new NaiveStrategy(), Isolation.READ_COMMITTED, RaceConfig.rounds(6, 10)
                    .withFault(FaultPlan.parse("kill-node:4@calls:1", null, null)))).hasMessageContaining("has 3 nodes");
            assertThatThrownBy(() -> runner.run(new NaiveStrategy(), Isolation.READ_COMMITTED, RaceConfig.rounds(6, 10)
                    .withFault(FaultPlan.parse("kill-primary@calls:1", null, null))))
                    .hasMessageContaining("on Galera every node takes writes");
            StrategyResult r = runner.run(new NaiveStrategy(), Isolation.READ_COMMITTED, cfg);
            StrategyResult.Failover f = r.failover();
            assertThat(f.struck()).as(f.note()).isTrue();
            assertThat(f.node()).isEqualTo("node2");
            assertThat(f.calls().get("after")).as("the other nodes went on").isGreaterThanOrEqualTo(600);
            assertThat(f.count("lost_create")).as(f.findings().toString()).isZero();
            assertThat(f.count("created_twice")).as(f.findings().toString()).isZero();
            assertThat(f.count("found_gone")).as(f.findings().toString()).isZero();
            assertThat(runner.history()).as("calls in flight on node2 are in doubt, never lost or safe")
                    .filteredOn(c -> c.inDoubt()).allSatisfy(c -> assertThat(c.node()).startsWith("node2"));
            HistoryCheck.Call last = runner.history().stream().filter(c -> c.node().startsWith("node2"))
                    .max(Comparator.comparingLong(HistoryCheck.Call::endNanos)).orElseThrow();
            assertThat(last.outcome().isSuccess()).as("node2's threads moved to another node and went on: " + last)
                    .isTrue();
            assertThat(r.spread().nodes()).extracting(StrategyResult.NodeCounts::role)
                    .containsExactly("cluster node", "killed by --fault", "cluster node");
            assertThat(r.verification().passed()).as(r.verification().problems().toString()).isTrue();
        }
    }
}
