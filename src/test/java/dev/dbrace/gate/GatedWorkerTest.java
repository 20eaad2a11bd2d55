package dev.dbrace.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --worker … --gate}: the workers' connections pass through the statement gate, so what their ORM
 * sent, and every error the server raised, is seen on the wire rather than taken from the worker's word.
 */
class GatedWorkerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The results folder of the last race. */
    private Path lastOut;

    private JsonNode race(Target t, String worker, String level, String... more) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        lastOut = out;
        List<String> args = new ArrayList<>(List.of("run", "-q", "--url", t.jdbcUrl(), "--user", t.user(),
                "--worker", worker, "--gate", "-i", level, "-t", "4", "-r", "60", "--out", out.toString()));
        args.addAll(List.of(more));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode row = JSON.readTree(out.resolve("summary.json").toFile()).get("strategies").get(0);
        assertThat(row.get("verification").get("passed").asBoolean()).as(row.toString()).isTrue();
        assertThat(row.get("db_errors_complete").asBoolean()).as("the wire saw every error").isTrue();
        return row;
    }

    @Test
    void djangosOwnStatementsAreTheWitnessOfItsDoesNotExist() throws Exception {
        Tools.requireWorks("the Django example needs Debian's python3-django and python3-mysqldb",
                "/usr/bin/python3", "-c", "import django, MySQLdb");
        JsonNode row = race(Databases.mariaDbService(), "/usr/bin/python3 examples/django/django_worker.py", "repeatable-read");
        assertThat(row.get("outcomes").get("does_not_exist").asLong()).as(row.toString()).isPositive();
        assertThat(row.get("db_errors_by_step").get("INSERT").get("duplicate_key").asLong()).isPositive();
        String witness = row.get("samples").get("does_not_exist").get(0).asText();
        assertThat(witness).contains("the call's statements: ")
                .containsPattern("SELECT .* → 0 rows \\| SAVEPOINT `\\w+` → ok")
                .containsPattern("INSERT INTO .* → ERROR 1062/23000: Duplicate entry")
                .containsPattern("ROLLBACK TO SAVEPOINT `\\w+` → ok")
                .containsPattern("(SELECT .* → 0 rows.*){2}");
        // the terminal shows the first sample's statements whole, one a line; the others stay one line each
        Cli text = Cli.run("report", lastOut.toString(), "--format", "text");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).as(text.out()).containsPattern("\\n {6}the call's statements:\\n {8}SET autocommit=0")
                .containsPattern("\\n {8}INSERT INTO `dbrace_myobj`").contains("ERROR 1062/23000");
        // report.html lists a DoesNotExist call's statements, as headless Chromium renders it
        Path chromium = Tools.require("/usr/bin/chromium", "Debian's chromium renders the report (.ci/run installs it)");
        Path profile = Files.createTempDirectory("dbrace-chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-sync", "--user-data-dir=" + profile, "--dump-dom",
                lastOut.resolve("report.html").toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // and draws one DoesNotExist call beside the call that created its key's row, as the gate recorded both
        assertThat(dom).containsPattern("<summary>why does_not_exist: a call beside the call that created key [^<]+</summary>")
                .containsPattern("<th>worker \\d[^<]*: does_not_exist</th><th>worker \\d[^<]*: created</th>")
                .containsPattern("<td class=\"stmt failed[^\"]*\"[^>]*>(<span class=\"tag\">[^<]*</span>)?<code>INSERT INTO "
                        + "`dbrace_myobj`");
        JsonNode drawn = JSON.readTree(lastOut.resolve("summary.json").toFile()).get("strategies").get(0).get("swimlanes");
        assertThat(drawn).as(drawn.toString()).hasSize(1);
        assertThat(drawn.get(0).get("lanes").get(1).get("boxes").toString()).as("the creator's lane holds its committed INSERT")
                .contains("INSERT INTO `dbrace_myobj`").contains("COMMIT");
        assertThat(dom).containsPattern("<summary>does_not_exist: \\d samples?</summary>")
                .containsPattern("<li class=\"failed\"><code>INSERT INTO `dbrace_myobj`[^<]*ERROR 1062/23000")
                .contains("<li><code>SET autocommit=0");
    }

    /**
     * Aimed at the step the gate sees: after each call's first statement on the table (Django's SELECT, not its
     * SET autocommit), every caller of a round holds a snapshot from before anyone wrote. Each round's aligned
     * callers but one then miss the row at REPEATABLE READ, whatever the machine's load: a call the barrier's
     * bound left behind reads later and may find it.
     */
    @Test
    void djangoAimedAfterItsFirstReadMissesTheRowInEveryAlignedLoser() throws Exception {
        Tools.requireWorks("the Django example needs Debian's python3-django and python3-mysqldb",
                "/usr/bin/python3", "-c", "import django, MySQLdb");
        JsonNode row = race(Databases.mariaDbService(), "/usr/bin/python3 examples/django/django_worker.py", "repeatable-read",
                "--align-at", "after-first-statement");
        long aligned = row.get("aligned_calls").asLong();
        assertThat(aligned).as(row.toString()).isPositive();
        assertThat(aligned + row.get("unaligned_calls").asLong()).isEqualTo(240);
        assertThat(row.get("outcomes").get("does_not_exist").asLong()).as(row.toString()).isGreaterThanOrEqualTo(aligned - 60);
    }

    @Test
    void aWorkerThatReportsNoErrorsStillHasThemCounted() throws Exception {
        Tools.requireWorks("the minimal worker needs Debian's python3-mysqldb", "/usr/bin/python3", "-c", "import MySQLdb");
        JsonNode row = race(Databases.mariaDbService(), "/usr/bin/python3 examples/minimal/minimal_worker.py", "repeatable-read");
        assertThat(row.get("db_errors").get("duplicate_key").asLong()).as(row.toString())
                .isGreaterThanOrEqualTo(row.get("outcomes").get("does_not_exist").asLong()).isPositive();
    }

    @Test
    void onPostgresTheWireCountsTheDuplicateKeys() throws Exception {
        Tools.requireWorks("the reference worker needs Debian's python3-psycopg2", "/usr/bin/python3", "-c", "import psycopg2");
        JsonNode row = race(Databases.postgresService(), "/usr/bin/python3 examples/reference/reference_worker.py", "repeatable-read");
        assertThat(row.get("db_errors_by_step").get("INSERT").get("duplicate_key").asLong()).as(row.toString()).isPositive();
    }

    @Test
    void aWorkerIsAimedOnlyThroughTheGate() {
        Cli r = Cli.run("run", "-q", "--worker", "/bin/true", "--align-at", "before-insert", "-t", "2", "-r", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("aims your code's statements with --gate");
    }

    @Test
    void builtInStrategiesAreRefusedInOneLine() {
        Cli r = Cli.run("run", "-q", "--gate", "-s", "naive", "-t", "2", "-r", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines().toList()).anySatisfy(l -> assertThat(l).contains("--gate passes the statements of a --worker or of --strategy-jar code"));
    }

    @Test
    void aHalfGivenOrQuotedOwnTableIsRefusedInOneLine() {
        Cli half = Cli.run("run", "-q", "--worker", "/bin/true", "--table", "myapp_myobj", "-t", "2", "-r", "1");
        assertThat(half.exit()).isEqualTo(2);
        assertThat(half.err().lines().findFirst().orElse("")).contains("--table myapp_myobj needs --key-columns");
        Cli quoted = Cli.run("run", "-q", "--worker", "/bin/true", "--table", "my\"obj", "--key-columns", "a,b",
                "--keys-command", "true", "-t", "2", "-r", "1");
        assertThat(quoted.exit()).isEqualTo(2);
        assertThat(quoted.err().lines().findFirst().orElse("")).contains("'my\"obj' is not a plain table or column name");
    }
}
