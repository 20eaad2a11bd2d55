package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C and SIGTERM on a real dbrace process mid-race: it stops the threads, verifies what ran,
 * writes a partial summary, removes its tables and exits 130 / 143.
 */
class SignalTest {

    @TempDir
    Path dir;

    /** Rows in dbrace's table: each is a completed round of upsert's race (0 before the table exists). */
    private static long committedRows(Target t) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dbrace_myobj")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notCreatedYet) {
            return 0;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"INT,130", "TERM,143"})
    void signalWritesPartialResultsAndCleansUp(String signal, int status) throws Exception {
        Target t = Databases.embeddedMariaDb();
        Path log = dir.resolve("child.log");
        Path out = dir.resolve("out");
        if (signal.equals("INT")) {
            // a shell or CI runner may start us with SIGINT ignored, and a child inherits that; perl resets it
            Tools.require("/usr/bin/perl", "perl gives the child a default SIGINT handler");
        }
        Process p = ChildProcess.start(log, List.of("-Xmx256m"), signal.equals("INT"), "run", "--url", t.jdbcUrl(), "-s", "upsert,naive",
                "--duration", "60s", "-t", "4", "--out", out.toString());
        // evidence, not time: wait until rows of upsert's race are committed, so calls have completed
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (committedRows(t) < 20) {
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime() - until).as("no row committed in 3 minutes: " + Files.readString(log)).isNegative();
            Thread.sleep(50);
        }
        ChildProcess.signal(p, signal);
        // a hang guard, not a timing claim: a child still running after two minutes has hung
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            // still running: keep its threads for the failure message below
            Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
            new ProcessBuilder(jstack.toString(), String.valueOf(p.pid())).redirectOutput(dir.resolve("jstack.txt").toFile())
                    .start().waitFor();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        String threads = Files.exists(dir.resolve("jstack.txt")) ? Files.readString(dir.resolve("jstack.txt")) : "";
        assertThat(threads).as("the child stopped after the signal").isEmpty();
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(status);

        assertThat(out.resolve("summary.json")).as(Files.readString(log)).exists();
        JsonNode root = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(root.get("partial").asBoolean()).isTrue();
        assertThat(root.get("strategies")).as("the interrupted strategy was verified and kept").hasSize(1);
        JsonNode upsert = root.get("strategies").get(0);
        assertThat(upsert.get("strategy").asText()).isEqualTo("upsert");
        assertThat(upsert.get("calls").asLong()).isPositive();
        assertThat(upsert.at("/verification/passed").asBoolean()).isTrue();
        assertThat(Files.readString(log)).contains("PARTIAL");
        try (var files = Files.list(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        }
        try (Connection c = t.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dbrace_myobj'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("own tables removed").isZero();
        }
    }

    /** {@code check} goes through the same campaign: Ctrl-C writes partial results and exits 130. */
    @Test
    void checkIsInterruptedCleanlyToo() throws Exception {
        Target t = Databases.embeddedMariaDb();
        Tools.require("/usr/bin/perl", "perl gives the child a default SIGINT handler");
        Path file = dir.resolve("long.yml");
        Files.writeString(file, "threads: 4\nrounds: 1000000\nexpect:\n"
                + "  - {strategy: upsert, verdict: safe}\n  - {strategy: naive, isolation: repeatable-read, verdict: racy}\n");
        Path log = dir.resolve("check.log");
        Path out = dir.resolve("check-out");
        Process p = ChildProcess.start(log, List.of("-Xmx256m"), true, "check", file.toString(), "--url", t.jdbcUrl(),
                "--out", out.toString());
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (committedRows(t) < 20) {
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            assertThat(System.nanoTime() - until).as("no row committed in 3 minutes: " + Files.readString(log)).isNegative();
            Thread.sleep(50);
        }
        ChildProcess.signal(p, "INT");
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("a hang guard: " + Files.readString(log)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(130);
        JsonNode root = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(root.get("partial").asBoolean()).isTrue();
        assertThat(root.at("/strategies/0/strategy").asText()).isEqualTo("upsert");
        assertThat(root.at("/strategies/0/verification/passed").asBoolean()).isTrue();
        assertThat(root.at("/not_raced/0/status").asText()).isEqualTo("aborted");
        assertThat(Files.readString(log)).contains("not raced to the end (aborted)").contains("PARTIAL: interrupted");
    }
}
