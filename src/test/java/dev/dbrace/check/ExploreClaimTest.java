package dev.dbrace.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explore: true}: a safe claim holds only if no interleaving of two sessions lets an anomaly through. */
class ExploreClaimTest {

    @TempDir
    Path dir;

    @Test
    void aSafeClaimFailsWhenExplorationFindsTheAnomalyPossible() throws Exception {
        Path file = Files.writeString(dir.resolve("expect.yml"), """
                threads: 2
                rounds: 30
                expect:
                  - {strategy: naive, isolation: repeatable-read, verdict: safe, explore: true}
                  - {strategy: upsert, verdict: safe, explore: true}
                """);
        Cli r = Cli.run("check", file.toString(), "--url", Databases.embeddedMariaDb().jdbcUrl(), "--out",
                dir.resolve("out").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL naive at repeatable-read")
                .contains("expected safe, but exploration finds created/does_not_exist possible, in ")
                .contains("PASS upsert at the default isolation")
                .containsPattern("explored \\d+ interleavings of 2 sessions, all there are");
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "expect:\n  - {strategy: retry, verdict: safe, explore: true}\n");
        Cli refused = Cli.run("check", bad.toString(), "--url", Databases.embeddedMariaDb().jdbcUrl());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("explore: true does not apply to retry");
    }

    /**
     * A worker's claim is explored through the statement gate: the race at REPEATABLE READ may miss the anomaly in
     * its rounds, the exploration of the worker's own statements does not.
     */
    @Test
    void aWorkersSafeClaimIsExploredThroughTheGate() throws Exception {
        Tools.requireWorks("the reference worker needs Debian's python3-mysqldb", "/usr/bin/python3",
                "-c", "import MySQLdb");
        Path file = Files.writeString(dir.resolve("worker.yml"), """
                threads: 2
                rounds: 5
                expect:
                  - {worker: '/usr/bin/python3 examples/reference/reference_worker.py', name: ref, isolation: repeatable-read, verdict: safe, explore: true}
                  - {worker: '/usr/bin/python3 examples/reference/reference_worker.py', name: ref, isolation: read-committed, verdict: safe, explore: true}
                """);
        Cli r = Cli.run("check", file.toString(), "--url", Databases.mariaDbService().jdbcUrl(), "--user", "root",
                "--out", dir.resolve("wout").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL ref at repeatable-read")
                .contains("expected safe, but exploration finds created/does_not_exist possible, in ")
                .contains("PASS ref at read-committed");
    }
}
