package dev.dbrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dbrace report} and {@code dbrace compare} on the files of a real run. */
class ReportAndCompareTest {

    @TempDir
    static Path dir;

    static Path a;

    @BeforeAll
    static void run() {
        a = dir.resolve("a");
        Cli r = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "-s", "naive,upsert", "-t", "4", "-r", "50",
                "-q", "--out", a.toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void reportRebuildsTheFilesAndPrintsFormats() throws Exception {
        Files.delete(a.resolve("report.html"));
        Cli r = Cli.run("report", a.toString());
        assertThat(r.exit()).isZero();
        assertThat(a.resolve("report.html")).isRegularFile();
        assertThat(r.out()).contains("naive").contains("RACY").contains("rebuilt:");
        Cli m = Cli.run("report", a.toString(), "--format", "matrix");
        assertThat(m.out()).contains("| strategy | repeatable-read |").containsPattern("`naive` \\| RACY: \\d+% does_not_exist")
                .contains("`upsert` | **SAFE**");
        assertThat(Cli.run("report", a.toString(), "--format", "csv").out()).startsWith("database,product,");
        assertThat(Cli.run("report", a.toString(), "--format", "pdf").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void compareWithItselfCrossesNothing() {
        Cli r = Cli.run("compare", a.toString(), a.toString(), "--max-p99-regression", "20%");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("no threshold crossed").contains("STRATEGY");
    }

    @Test
    void compareFailsWhenAStrategyGetsWorse() throws Exception {
        Path b = dir.resolve("b");
        Files.createDirectories(b);
        String json = Files.readString(a.resolve("summary.json"))
                .replace("\"strategy\" : \"naive\"", "\"strategy\" : \"TMP\"")
                .replace("\"strategy\" : \"upsert\"", "\"strategy\" : \"naive\"")
                .replace("\"strategy\" : \"TMP\"", "\"strategy\" : \"upsert\"");
        Files.writeString(b.resolve("summary.json"), json);
        Cli r = Cli.run("compare", a.toString(), b.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("REGRESSED: anomalies/round +").contains("regressed: upsert at repeatable-read");
    }

    @Test
    void unreadableFilesAreUsageErrors() throws Exception {
        Cli missing = Cli.run("compare", a.toString(), dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("no such file");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"dbrace_version\": \"x\"");
        Cli broken = Cli.run("report", bad.toString());
        assertThat(broken.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(broken.err()).contains("not valid JSON");
        Files.writeString(bad, "{\"hello\": 1}");
        assertThat(Cli.run("report", bad.toString()).err()).contains("not a dbrace summary");
        assertThat(Cli.run("compare", a.toString(), a.toString(), "--max-p99-regression", "lots").exit())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aFileFromANewerSchemaGetsOneClearLine() throws Exception {
        assertThat(Files.readString(a.resolve("summary.json"))).contains("\"schema_version\" : 6");
        Path newer = dir.resolve("newer");
        Files.createDirectories(newer);
        Files.writeString(newer.resolve("summary.json"), Files.readString(a.resolve("summary.json"))
                .replace("\"schema_version\" : 6", "\"schema_version\" : 99"));
        for (Cli r : new Cli[] {Cli.run("report", newer.toString()), Cli.run("compare", a.toString(), newer.toString())}) {
            assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip()).doesNotContain("\n")
                    .contains("was written by a newer dbrace (summary schema 99; this dbrace reads schema 6 and older)");
        }
    }

    @Test
    void aFileWrittenBeforeSchemaVersionsStillReads() throws Exception {
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve("summary.json"), Files.readString(a.resolve("summary.json"))
                .replace("\"schema_version\" : 6,", ""));
        Cli r = Cli.run("compare", a.toString(), old.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("no threshold crossed");
    }

    @Test
    void runsSetUpDifferentlyAreNamedFirstAndStrictRefusesThem() {
        Path c = dir.resolve("c");
        Cli run = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "-s", "naive,upsert", "-t", "2", "-r", "25",
                "-q", "--out", c.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        Cli r = Cli.run("compare", a.toString(), c.toString());
        assertThat(r.out()).startsWith("differs: threads: 4 in A, 2 in B" + System.lineSeparator() + "differs: rounds: 50 in A, 25 in B");
        assertThat(r.out()).containsPattern("naive +repeatable-read +MariaDB +\\d\\.\\d{3} → \\d\\.\\d{3}");
        Cli strict = Cli.run("compare", a.toString(), c.toString(), "--strict");
        assertThat(strict.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(strict.err()).contains("set up differently (2 differences above)");
        assertThat(Cli.run("compare", a.toString(), a.toString(), "--strict").exit()).isZero();
    }

    @Test
    void thresholdsHoldOnRatesNotCounts() throws Exception {
        // B: the same race twice as long, every count doubled; as rates nothing changed
        ObjectMapper json = new ObjectMapper();
        ObjectNode root =
                (ObjectNode) json.readTree(a.resolve("summary.json").toFile());
        for (JsonNode row : root.get("strategies")) {
            ObjectNode o = (ObjectNode) row;
            o.put("rounds", o.get("rounds").asLong() * 2).put("calls", o.get("calls").asLong() * 2);
            ObjectNode outcomes = (ObjectNode) o.get("outcomes");
            outcomes.fieldNames().forEachRemaining(k -> outcomes.put(k, outcomes.get(k).asLong() * 2));
        }
        Path twice = dir.resolve("twice");
        Files.createDirectories(twice);
        json.writeValue(twice.resolve("summary.json").toFile(), root);
        Cli r = Cli.run("compare", a.toString(), twice.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("differs: rounds: 50 in A, 100 in B").contains("no threshold crossed");
    }
}
