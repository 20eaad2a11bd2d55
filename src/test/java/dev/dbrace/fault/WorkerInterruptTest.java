package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Tools;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C at the terminal while workers race: the terminal signals dbrace's process group, and the
 * workers, in groups of their own, are not in it. dbrace stops them with {@code stop}, writes the
 * partial results and exits 130, without reporting a crash of the workers.
 */
class WorkerInterruptTest {

    @TempDir
    Path dir;

    private static Path fakeWorker() throws URISyntaxException {
        return Path.of(WorkerInterruptTest.class.getResource("/workers/fake_worker.py").toURI());
    }

    private long calls(Path trace) throws Exception {
        return !Files.exists(trace) ? 0 : Files.readAllLines(trace).stream().filter(l -> l.contains(" call ")).count();
    }

    @Test
    void ctrlCReachesDbraceNotTheWorkers() throws Exception {
        Tools.require("/usr/bin/perl", "perl gives the child a default SIGINT handler");
        Tools.require("/usr/bin/setsid", "setsid gives dbrace a process group of its own, as a terminal would");
        String python = Tools.require("/usr/bin/python3", "the worker is a Python program").toString();
        Target t = Databases.embeddedMariaDb();
        Path trace = dir.resolve("trace.txt");
        Path log = dir.resolve("child.log");
        Path out = dir.resolve("out");
        String marker = "dbrace-stray-" + UUID.randomUUID();
        Process p = ChildProcess.start(log, List.of("-Xmx256m"), true, true, "run", "--url", t.jdbcUrl(),
                "--worker", python + " " + fakeWorker() + " --trace " + trace + " --child " + marker,
                "--worker-name", "fake", "--duration", "120s", "-t", "3", "--out", out.toString());
        // evidence, not time: wait until the workers have answered calls
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (calls(trace) < 30) {
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime() - until).as("no calls in 3 minutes: " + Files.readString(log)).isNegative();
            Thread.sleep(50);
        }
        ChildProcess.signalGroup(p, "INT");
        // a hang guard, not a timing claim
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(Files.readString(log)).isTrue();
        String printed = Files.readString(log);
        assertThat(p.exitValue()).as(printed).isEqualTo(130);
        assertThat(printed).doesNotContain("dbrace: worker");
        List<String> events = Files.readAllLines(trace);
        assertThat(events).as("no worker got the terminal's SIGINT").noneMatch(l -> l.contains("signal"));
        assertThat(events.stream().filter(l -> l.endsWith(" stop"))).as("each of the 3 workers was told to stop").hasSize(3);
        assertThat(events.stream().filter(l -> l.endsWith(" exit"))).as("and exited on its own").hasSize(3);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("partial").asBoolean()).isTrue();
        JsonNode row = s.get("strategies").get(0);
        assertThat(row.get("strategy").asText()).isEqualTo("fake");
        assertThat(row.get("calls").asLong()).isPositive();
        assertThat(s.get("not_raced").get(0).get("status").asText()).isEqualTo("aborted");
        assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains(marker))).as("nothing a worker started is left").isEmpty();
    }
}
