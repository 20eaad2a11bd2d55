package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.strategy.UpsertStrategy;
import org.junit.jupiter.api.Test;

/**
 * Reads routed to a replica, as a Django router or Rails' {@code connects_to reading:} sends them: the re-read
 * after the duplicate key misses a row the replica has not applied yet, at any level. Where the kind depends on
 * lag, the topology forces it ({@code lag=1s}) so that the test asserts a certainty; what synchronous apply
 * promises ({@code remote_apply}) holds without forcing anything.
 */
class ReplicaRaceTest {

    private static StrategyResult naive(Target t, int threads, long rounds) throws Exception {
        return new RaceRunner(t).run(new NaiveStrategy(), Isolation.READ_COMMITTED, RaceConfig.rounds(threads, rounds));
    }

    @Test
    void postgresStandbyBehindTheCommitLosesTheReRead() throws Exception {
        try (Target t = Started.postgresReplica(":lag=1s")) {
            StrategyResult r = naive(t, 4, 30);
            assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).isPositive();
            assertThat(r.spread().nodes()).hasSize(2);
            StrategyResult.NodeCounts primary = r.spread().nodes().get(0);
            StrategyResult.NodeCounts standby = r.spread().nodes().get(1);
            assertThat(primary.role()).isEqualTo("primary");
            assertThat(standby.role()).isEqualTo("replica (reads)");
            assertThat(standby.id()).as("a physical standby is the primary's cluster").isEqualTo(primary.id());
            assertThat(primary.clusterSize()).isEqualTo(2);
            assertThat(r.spread().lag().lagUs().getTotalCount()).as("every created row was seen on the standby")
                    .isEqualTo(r.outcomes().get(Outcome.CREATED));
            // each row becomes visible at least 1 s after its commit, and its call ended at most a call's latency
            // after that commit: no measured lag can be shorter than 1 s minus the slowest call
            long slowestCallUs = LatencySummary.of(r.latency().all()).max();
            assertThat(r.spread().lag().lagUs().getMinValue() + slowestCallUs)
                    .as("recovery_min_apply_delay holds a row back at least that long").isGreaterThanOrEqualTo(1_000_000);
            assertThat(r.verification().passed()).as(r.verification().problems().toString()).isTrue();
        }
    }

    @Test
    void remoteApplyMakesTheRowVisibleOnTheStandbyBeforeCommitReturns() throws Exception {
        try (Target t = Started.postgresReplica(":remote-apply")) {
            StrategyResult r = naive(t, 6, 150);
            assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).isZero();
            assertThat(r.outcomes().get(Outcome.FOUND)).isPositive();
            assertThat(r.verification().passed()).isTrue();
        }
    }

    @Test
    void mariaDbReplicaBehindTheCommitLosesTheReReadEvenWithSemiSync() throws Exception {
        // MASTER_DELAY counts whole seconds from the event's timestamp, itself whole seconds: lag=1s delays an event
        // by 0 to 1 s, and a commit just before a second's end reaches the replica at once (a busy CI run saw no
        // DoesNotExist in 80 calls so); lag=2s delays each by at least a second
        for (String option : new String[] {":lag=2s", ":semisync+lag=2s"}) {
            try (Target t = Started.mariaDbReplica(option)) {
                StrategyResult r = naive(t, 4, 20);
                assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).as(option).isPositive();
                assertThat(r.spread().nodes()).extracting(StrategyResult.NodeCounts::id)
                        .containsExactly("server_id=1", "server_id=2");
                assertThat(r.spread().nodes().get(1).role()).isEqualTo("replica (reads)");
                assertThat(r.verification().passed()).isTrue();
            }
        }
    }

    @Test
    void anUpsertNeverReadsSoTheReplicaCannotHurtIt() throws Exception {
        try (Target t = Started.mariaDbReplica("")) {
            StrategyResult r = new RaceRunner(t).run(new UpsertStrategy(), null, RaceConfig.rounds(4, 100));
            assertThat(r.verdict().name()).isEqualTo("SAFE");
            assertThat(r.spread().lag().measured()).isTrue();
            assertThat(r.spread().lag().lagUs().getTotalCount() + r.spread().lag().unseen())
                    .isEqualTo(r.outcomes().get(Outcome.CREATED));
        }
    }
}
