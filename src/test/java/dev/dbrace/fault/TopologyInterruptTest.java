package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a race on servers dbrace started: the servers, in process groups of their own, do not get
 * the terminal's signal; dbrace verifies and writes the partial result on them, then stops them and deletes
 * their folder. Nothing is left running.
 */
class TopologyInterruptTest {

    @TempDir
    Path dir;

    /** Processes of this test's own topology: its servers run under the child's temporary folder. */
    private static Stream<String> leftovers(Path tmp) {
        return ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains(tmp.toString()));
    }

    @Test
    void ctrlCLeavesNoServerAndNoFolderBehind() throws Exception {
        Tools.require("/usr/bin/perl", "perl gives the child a default SIGINT handler");
        Tools.require("/usr/bin/setsid", "setsid gives dbrace a process group of its own, as a terminal would");
        Tools.require("/usr/sbin/mariadbd", "Debian's mariadb-server runs the primary and the replica");
        Tools.require("/usr/bin/mariadb-install-db", "Debian's mariadb-server installs their data directory");
        Path log = dir.resolve("child.log");
        Path out = dir.resolve("out");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        assertThat(leftovers(tmp)).as("nothing runs under the new folder yet").isEmpty();
        Process p = ChildProcess.start(log, List.of("-Xmx256m", "-Djava.io.tmpdir=" + tmp), true, true, "run",
                "--db", "mariadb-replica", "-s", "upsert", "--duration", "120s", "-t", "2", "--out", out.toString());
        // evidence, not time: the race has started once dbrace reports calls
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.readString(log).matches("(?s).*upsert[^\\n]*: [1-9][0-9]* calls.*")) {
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime() - until).as("no calls in 5 minutes: " + Files.readString(log)).isNegative();
            Thread.sleep(50);
        }
        assertThat(leftovers(tmp)).as("the servers run during the race").isNotEmpty();
        ChildProcess.signalGroup(p, "INT");
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(Files.readString(log)).isTrue();     // a hang guard
        String printed = Files.readString(log);
        assertThat(p.exitValue()).as(printed).isEqualTo(130);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("partial").asBoolean()).isTrue();
        JsonNode row = s.get("strategies").get(0);
        assertThat(row.get("verification").get("passed").asBoolean()).as("verified on the servers before they stopped").isTrue();
        assertThat(row.get("nodes")).hasSize(2);
        assertThat(leftovers(tmp)).as("no server left running").isEmpty();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(Path::toString).filter(f -> f.contains("dbrace-mariadb-replica-"))).as("folder deleted").isEmpty();
        }
    }
}
