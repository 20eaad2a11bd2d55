package dev.dbrace.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worker protocol against a real server (the embedded MariaDB), with a worker that answers from
 * a script: what dbrace sends, how it counts and classifies what workers say, and what it does when
 * a worker misbehaves.
 */
class WorkerProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode summary(Path out) throws Exception {
        return JSON.readTree(out.resolve("summary.json").toFile());
    }

    private static long dbraceTables(Target t) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                     + "WHERE table_schema = DATABASE() AND table_name LIKE 'dbrace\\_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void helloCarriesTheTargetTablesAndSettingsAndThePasswordOnlyInTheEnvironment() throws Exception {
        Target t = Databases.mariaDbService();       // the embedded server runs without grant tables: no passwords
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'dbrace_worker'@'%' IDENTIFIED BY 's3cret-pw'");
            s.execute("GRANT ALL ON *.* TO 'dbrace_worker'@'%'");
        }
        Path out = dir.resolve("out");
        Cli r = Cli.run("run", "--url", t.jdbcUrl(), "--user", "dbrace_worker", "--password=s3cret-pw",
                "--worker", Workers.fake("--hello-dir " + dir + " --isolation read-committed"), "--worker-name", "fake",
                "-t", "3", "-r", "12", "-i", "repeatable-read", "--prior-read", "--call-timeout", "3s", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        for (int i = 0; i < 3; i++) {
            JsonNode got = JSON.readTree(dir.resolve("hello-" + i + ".json").toFile());
            JsonNode hello = got.get("hello");
            assertThat(hello.get("type").asText()).isEqualTo("hello");
            assertThat(hello.get("protocol").asInt()).isEqualTo(1);
            assertThat(hello.get("worker").asInt()).isEqualTo(i);
            assertThat(hello.get("workers").asInt()).isEqualTo(3);
            JsonNode target = hello.get("target");
            assertThat(target.get("family").asText()).isEqualTo("mysql");
            assertThat(target.get("product").asText()).isEqualTo("MariaDB");
            assertThat(target.get("version").asText()).startsWith("10.11");
            assertThat(target.get("host").asText() + ":" + target.get("port").asInt() + "/" + target.get("database").asText())
                    .isEqualTo("127.0.0.1:3306/test");
            assertThat(target.get("user").asText()).isEqualTo("dbrace_worker");
            assertThat(hello.get("tables").get("myobj").asText()).isEqualTo("dbrace_myobj");
            assertThat(hello.get("tables").get("thing").asText()).isEqualTo("dbrace_thing");
            assertThat(hello.get("tables").get("owner").asText()).isEqualTo("dbrace_owner");
            assertThat(hello.get("isolation").asText()).isEqualTo("repeatable-read");
            assertThat(hello.get("call_timeout_ms").asLong()).isEqualTo(3000);
            assertThat(hello.get("prior_read").asBoolean()).isTrue();
            assertThat(hello.toString()).doesNotContain("s3cret-pw");
            assertThat(got.get("password").asText()).isEqualTo("s3cret-pw");
        }
        JsonNode row = summary(out).get("strategies").get(0);
        assertThat(row.get("strategy").asText()).isEqualTo("fake");
        assertThat(row.get("isolation").asText()).as("what the worker said it runs at").isEqualTo("read-committed");
        assertThat(Files.readString(out.resolve("summary.json"))).doesNotContain("s3cret-pw");
    }

    /** The last run's output. */
    private Cli last;

    /** Races the fake worker with {@code fakeArgs} on the embedded MariaDB; returns its row of summary.json. */
    private JsonNode raceFake(String fakeArgs, String... options) throws Exception {
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("run", "--url",
                Databases.embeddedMariaDb().jdbcUrl(), "--worker", Workers.fake(fakeArgs), "--out", out.toString()));
        args.addAll(List.of(options));
        last = Cli.run(args.toArray(String[]::new));
        assertThat(last.exit()).as(last.err()).isZero();
        return summary(out).get("strategies").get(0);
    }

    @Test
    void outcomesAndErrorsAreClassifiedByTheRulesOfDbracesOwnCalls() throws Exception {
        // seq counts from 1 per worker; answers cycle by seq % 4: 0 integrity, 1 deadlock, 2 serialization, 3 dne
        JsonNode row = raceFake("--answers integrity,deadlock,serialization,does_not_exist", "-t", "2", "-r", "40");
        assertThat(row.get("strategy").asText()).as("named from the command").isEqualTo("fake_worker");
        assertThat(row.get("isolation").asText()).as("the worker did not say").isEqualTo("unknown");
        assertThat(row.get("calls").asLong()).isEqualTo(80);
        JsonNode o = row.get("outcomes");
        assertThat(o.get("integrity_error").asLong()).isEqualTo(20);
        assertThat(o.get("deadlock").asLong()).as("vendor code 1213 alone").isEqualTo(20);
        assertThat(o.get("serialization_failure").asLong()).as("SQLState 40001 alone").isEqualTo(20);
        assertThat(o.get("does_not_exist").asLong()).isEqualTo(20);
        JsonNode e = row.get("db_errors");
        assertThat(e.get("duplicate_key").asLong()).isEqualTo(20);
        assertThat(e.get("deadlock").asLong()).isEqualTo(20);
        assertThat(e.get("serialization_failure").asLong()).isEqualTo(20);
        assertThat(row.get("db_errors_complete").asBoolean()).as("no db_errors field: not reported, never 0").isFalse();
        assertThat(row.get("verdict").asText()).isEqualTo("racy");
        assertThat(row.get("samples").toString()).contains("fake.OperationalError (code 1213): Deadlock found");
        assertThat(last.out()).contains("handled inside calls: not reported by the worker");
        assertThat(row.get("verification").get("passed").asBoolean()).isTrue();
    }

    @Test
    void hotKeysWarmUpAndRateDriveWorkersLikeBuiltInStrategies() throws Exception {
        Path trace = dir.resolve("trace.txt");
        JsonNode row = raceFake("--trace " + trace, "-t", "3", "-k", "5", "-r", "30", "--warmup", "4", "--rate", "400");
        assertThat(row.get("mode").asText()).isEqualTo("hot-keys");
        assertThat(row.get("calls").asLong()).as("the warm-up is not counted").isEqualTo(90);
        // each worker saw seq 1, 2, … 34: unique per worker, warm-up included
        Map<String, List<Long>> seqs = new TreeMap<>();
        for (String l : Files.readAllLines(trace)) {
            String[] w = l.split(" ");
            if (w[1].equals("call")) {
                seqs.computeIfAbsent(w[0], k -> new ArrayList<>()).add(Long.parseLong(w[2]));
            }
        }
        assertThat(seqs).hasSize(3);
        seqs.values().forEach(list -> assertThat(list).isEqualTo(LongStream.rangeClosed(1, 34).boxed().toList()));
    }

    @Test
    void handledErrorsReportedByTheWorkerAreCounted() throws Exception {
        JsonNode row = raceFake("--answers handled", "-t", "2", "-r", "25");
        assertThat(row.get("db_errors").get("duplicate_key").asLong()).as("two per call").isEqualTo(100);
        assertThat(row.get("db_errors_complete").asBoolean()).isTrue();
        assertThat(row.get("samples").toString()).contains("fake.DoesNotExist: MyObj matching query does not exist.");
    }

    /** Each way a worker can go wrong: one line naming it, partial results, exit 4, no process left, no table left. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "does not start       | /nonexistent/dbrace-worker                  | before saying ready",
            "exits before ready   | --no-ready                                  | exited with status 3 before saying ready",
            "exits on its 1st call| --fail exit --after 0                       | closed its stdout before answering call 1 (it exited with status 7)",
            "exits mid-race       | --fail exit --after 5                       | closed its stdout before answering call 6 (it exited with status 7)",
            "malformed line       | --fail garbage --after 5                    | broke the protocol answering call 6: a line that is not JSON",
            "wrong seq            | --fail wrong-seq --after 5                  | answered call 6 with seq 1006",
            "no seq               | --fail no-seq --after 5                     | a result without an integer 'seq'",
            "unknown outcome      | --fail bad-outcome --after 5                | unknown outcome 'maybe'",
            "no answer            | --fail hang --after 5                       | gave no answer to call 6 within 1000 ms (--call-timeout) + 5 s; it was killed",
            "declines prior read  | --decline prior_read                        | does not support --prior-read"})
    void aBadWorkerStopsTheRunWithOneLineAndLeavesNothingBehind(String what, String args, String expected) throws Exception {
        Target t = Databases.embeddedMariaDb();
        Path out = dir.resolve("out");
        String marker = "dbrace-stray-" + UUID.randomUUID();
        String command = args.startsWith("/") ? args : Workers.fake(args + " --child " + marker);
        Cli r = Cli.run("run", "--url", t.jdbcUrl(), "--worker", command, "--worker-name", "bad", "-s", "upsert",
                "-t", "2", "-r", "50", "--call-timeout", "1s", "--prior-read", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        String line = r.err().lines().filter(l -> l.startsWith("dbrace: worker ")).findFirst().orElse("");
        assertThat(line).as(r.err()).contains("('bad')").contains(expected);
        if (args.startsWith("/")) {
            assertThat(r.err()).as("its last stderr lines").contains("/nonexistent/dbrace-worker: not found");
        } else if (args.contains("--fail") && !args.contains("hang")) {
            assertThat(r.err()).as("its last stderr lines").contains("| fake worker: failing with");
        }
        JsonNode s = summary(out);
        assertThat(s.get("partial").asBoolean()).isTrue();
        JsonNode broken = s.get("not_raced").get(0);
        assertThat(broken.get("strategy").asText()).isEqualTo("bad");
        assertThat(broken.get("status").asText()).isEqualTo("broken");
        assertThat(broken.get("reason").asText()).contains(expected);
        assertThat(s.get("strategies").get(0).get("strategy").asText()).as("upsert raced first, and is kept").isEqualTo("upsert");
        s.get("strategies").forEach(row -> assertThat(row.get("calls").asLong())
                .as("a race cut short is kept only with the calls it made: no row of 0 calls graded safe").isPositive());
        assertThat(Workers.processesWith(marker)).as("no worker process or child of one is left").isEmpty();
        assertThat(dbraceTables(t)).as("dbrace's tables are dropped").isZero();
    }
}
