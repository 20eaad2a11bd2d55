package dev.dbrace.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.outcome.PerRound;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rates per round with their 95 % intervals, and {@code safe} with {@code min_rounds}: statistics a CI gate can trust. */
class PerRoundTest {

    @TempDir
    Path dir;

    @Test
    void intervalsAreWilsonsAndACleanRunBoundsTheEscapeRate() {
        PerRound.Interval half = PerRound.of(50, 100);
        assertThat(half.rate()).isEqualTo(0.5);
        assertThat(half.low()).isCloseTo(0.4038, within(1e-4));
        assertThat(half.high()).isCloseTo(0.5962, within(1e-4));
        PerRound.Interval none = PerRound.of(0, 1000);
        assertThat(none.low()).isZero();
        assertThat(none.high()).as("about 3/n").isCloseTo(0.002991, within(1e-6));
        assertThat(PerRound.of(1000, 1000).high()).isEqualTo(1.0);
    }

    @Test
    void aRunCountsRoundsNotCallsAndCheckStatesWhatACleanRunRulesOut() throws Exception {
        Path file = Files.writeString(dir.resolve("expect.yml"), """
                threads: 4
                rounds: 40
                expect:
                  - {strategy: naive, isolation: repeatable-read, verdict: racy}
                  - {strategy: upsert, verdict: safe, min_rounds: 40}
                  - {strategy: commit-then-get, verdict: safe, min_rounds: 5000}
                """);
        Path out = dir.resolve("out");
        Cli r = Cli.run("check", file.toString(), "--url", Databases.embeddedMariaDb().jdbcUrl(), "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("PASS upsert at the default isolation on")
                .contains("0 escapes in 40 rounds: below 0.072 per round at 95 %")
                .contains("FAIL commit-then-get at the default isolation")
                .contains("expected safe over at least 5000 rounds, but 40 rounds were raced");
        JsonNode rows = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("strategies");
        boolean sawNaive = false;
        for (JsonNode row : rows) {
            if (row.get("strategy").asText().equals("naive")) {
                sawNaive = true;
                long rounds = row.get("rounds").asLong();
                long dneRounds = row.get("rounds_with").get("does_not_exist").asLong();
                assertThat(dneRounds).as("rounds, not calls").isPositive().isLessThanOrEqualTo(rounds)
                        .isLessThanOrEqualTo(row.get("outcomes").get("does_not_exist").asLong());
                JsonNode ci = row.get("per_round_ci95").get("does_not_exist");
                assertThat(ci.get("rate").asDouble()).isCloseTo((double) dneRounds / rounds, within(1e-6));
                assertThat(ci.get("low").asDouble()).isLessThanOrEqualTo(ci.get("rate").asDouble());
                assertThat(ci.get("high").asDouble()).isGreaterThanOrEqualTo(ci.get("rate").asDouble());
            }
        }
        assertThat(sawNaive).isTrue();
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "expect:\n  - {strategy: naive, verdict: racy, min_rounds: 10}\n");
        Cli malformed = Cli.run("check", bad.toString(), "--url", Databases.embeddedMariaDb().jdbcUrl());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("min_rounds goes with verdict: safe");
    }
}
