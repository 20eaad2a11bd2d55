package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads, and a run whose memory must not grow with its length (bounded by -Xmx in a child JVM). */
class LoadTest {

    @TempDir
    Path dir;

    @Test
    void twoHundredFiftySixThreads() throws Exception {
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(Strategies.byName("upsert"), null,
                RaceConfig.rounds(256, 10).withCallTimeout(Duration.ofSeconds(10)));
        assertThat(r.calls()).isEqualTo(2560);
        assertThat(r.outcomes().get(Outcome.CREATED)).isEqualTo(10);
        assertThat(r.counts().anomalies()).as(r.counts().samples().toString()).isZero();
        assertThat(r.verification().passed()).isTrue();
    }

    @Test
    void hotKeyRunStaysWithinASmallHeap() throws Exception {
        Path log = dir.resolve("child.log");
        Path out = dir.resolve("out");
        // 48 MB is far below what per-call storage would need for the 25 600 calls this makes; a count of
        // calls, not a duration, so that a busy machine makes as many
        Process p = ChildProcess.start(log, List.of("-Xmx48m"), false, "run", "--url",
                Databases.embeddedMariaDb().jdbcUrl(), "-s", "upsert,naive", "--keys", "50", "-r", "400",
                "-t", "32", "-q", "--out", out.toString());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("a hang guard").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        JsonNode root = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        long calls = 0;
        for (JsonNode s : root.get("strategies")) {
            calls += s.get("calls").asLong();
            assertThat(s.at("/verification/passed").asBoolean()).isTrue();
        }
        assertThat(calls).as("every call was made").isEqualTo(2 * 32 * 400);
        assertThat(root.get("harness_peak_heap_mb").asDouble()).as("reported").isPositive();
    }
}
