package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.GaleraCounters;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Databases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's code on a three-node Galera cluster dbrace starts: 2 threads per node. What the issue measured
 * with an independent racer, asserted as occurs / never occurs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GaleraRaceTest {

    private Target cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = Started.galera();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private StrategyResult race(Isolation isolation, Settings settings) throws Exception {
        RaceConfig cfg = RaceConfig.rounds(6, 150).withSettings(settings);
        return new RaceRunner(cluster).run(new NaiveStrategy(), isolation, cfg);
    }

    /** The seed's race at READ COMMITTED, which two tests read: raced once for both. */
    private StrategyResult atReadCommitted;

    private synchronized StrategyResult atReadCommitted() throws Exception {
        if (atReadCommitted == null) {
            atReadCommitted = race(Isolation.READ_COMMITTED, Settings.NONE);
        }
        return atReadCommitted;
    }

    @Test
    void theNodesAreThreeServersOfOneClusterWithTwoThreadsEach() throws Exception {
        StrategyResult r = atReadCommitted();
        assertThat(r.spread().nodes()).hasSize(3).allSatisfy(n -> {
            assertThat(n.clusterSize()).isEqualTo(3);
            assertThat(n.role()).isEqualTo("cluster node");
            assertThat(n.threads()).isEqualTo(2);
            assertThat(n.counters()).containsKeys(GaleraCounters.CERT_FAILURES, GaleraCounters.BF_ABORTS);
        });
        assertThat(r.spread().nodes().stream().map(StrategyResult.NodeCounts::id).collect(Collectors.toSet()))
                .as("each node says it is another server").hasSize(3);
        long perNode = r.spread().nodes().stream().mapToLong(n -> n.outcomes().total()).sum();
        assertThat(perNode).as("the per-node outcomes add up to the calls").isEqualTo(r.calls());
        assertThat(r.verification().rows()).isEqualTo(r.verification().keysRaced());
    }

    @Test
    void atRepeatableReadTheSeedGetsDoesNotExistAndCertificationFailuresAtCommit() throws Exception {
        StrategyResult r = race(Isolation.REPEATABLE_READ, Settings.NONE);
        assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).isPositive();
        assertThat(r.outcomes().get(Outcome.CERTIFICATION_FAILURE)).isPositive();
        assertThat(r.counts().errors().at("COMMIT", DbError.CERTIFICATION_FAILURE))
                .as("every certification failure is a 1213 at COMMIT")
                .isEqualTo(r.counts().dbErrors().get(DbError.CERTIFICATION_FAILURE));
        assertThat(r.counts().errors().at("COMMIT", DbError.DEADLOCK)).as("a 1213 at COMMIT is never a deadlock here").isZero();
        assertThat(r.spread().counter(GaleraCounters.CERT_FAILURES) + r.spread().counter(GaleraCounters.BF_ABORTS))
                .as("the nodes counted conflicts too").isPositive();
    }

    @Test
    void atReadCommittedTheReReadFindsTheRowButCertificationStillFails() throws Exception {
        StrategyResult r = atReadCommitted();
        assertThat(r.outcomes().get(Outcome.DOES_NOT_EXIST)).isZero();
        assertThat(r.outcomes().get(Outcome.CERTIFICATION_FAILURE) + r.outcomes().get(Outcome.DEADLOCK)).isPositive();
    }

    @Test
    void wsrepSyncWaitDoesNotRemoveTheFailures() throws Exception {
        StrategyResult r = race(Isolation.REPEATABLE_READ, Settings.one(List.of("wsrep_sync_wait=1")));
        assertThat(r.setup().settings()).containsEntry("wsrep_sync_wait", "1");
        assertThat(r.outcomes().get(Outcome.CERTIFICATION_FAILURE) + r.outcomes().get(Outcome.DEADLOCK)).isPositive();
    }

    /**
     * Issue 24: every call told "created" really committed its row. 300 rounds of 6 threads; before the fix
     * (Connector/J's client-side fallback after a failed prepare), 5 of 12 such cells failed verification.
     */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"naive, REPEATABLE_READ", "naive, READ_COMMITTED",
                "commit-then-get, REPEATABLE_READ", "commit-then-get, READ_COMMITTED"})
    void everyCreatedCallCommittedItsRow(String strategy, Isolation isolation) throws Exception {
        StrategyResult r = new RaceRunner(cluster).run(Strategies.byName(strategy), isolation,
                RaceConfig.rounds(6, 300));
        assertThat(r.verification().problems()).as("verification problems").isEmpty();
        assertThat(r.verification().passed()).isTrue();
        assertThat(r.outcomes().get(Outcome.CREATED)).as("one creator per key").isEqualTo(300);
        assertThat(r.counts().dbErrors().get(DbError.DEADLOCK) + r.counts().dbErrors().get(DbError.CERTIFICATION_FAILURE))
                .as("the nodes did conflict: the race was real").isPositive();
    }

    /**
     * The cause, shown with the driver alone: {@code examples/galera-hidden-abort} prepares a statement inside
     * the transaction. The server reports the brute-force abort (1213) at that prepare; Connector/J's default
     * fallback re-prepares client-side and drops it, and creates that no node holds follow. With the fallback
     * off, as dbrace runs, the 1213 reaches the caller and no create is lost.
     */
    @Test
    void connectorJsPrepareFallbackHidesTheAbortTheServerReports() throws Exception {
        String hidden = hiddenAbort("true");
        assertThat(hidden).as(hidden).doesNotContain(" 0 created ids on no node");
        String shown = hiddenAbort("false");
        assertThat(shown).as(shown).contains(" 0 told two callers 'created', 0 created ids on no node").contains("error 1213 at prepare");
    }

    private String hiddenAbort(String emulate) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "examples/galera-hidden-abort/HiddenAbort.java"));
        cluster.nodes().forEach(n -> cmd.add(n.jdbcUrl()));
        cmd.addAll(List.of("300", emulate));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("emulateUnsupportedPstmts=")).findFirst().orElse(out);
    }

    @Test
    void a1213AtCommitIsACertificationFailureOnANodeAndADeadlockOnAPlainServer() throws Exception {
        SQLException deadlock = new SQLException("Deadlock found when trying to get lock", "40001", 1213);
        assertThat(cluster.dialect().classify(deadlock, "COMMIT")).isEqualTo(DbError.CERTIFICATION_FAILURE);
        assertThat(cluster.dialect().classify(deadlock, "INSERT")).isEqualTo(DbError.DEADLOCK);
        Target single = Databases.embeddedMariaDb();
        try (Connection c = single.connect()) {
            assertThat(single.dialect().refine(c)).isSameAs(single.dialect());
        }
        assertThat(single.dialect().classify(deadlock, "COMMIT")).isEqualTo(DbError.DEADLOCK);
    }
}
