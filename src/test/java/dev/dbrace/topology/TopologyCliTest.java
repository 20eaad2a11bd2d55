package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.report.JsonFormat;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.SummaryReader;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on topologies: --db starts one, --url/--read-url/--node point at servers you run. */
class TopologyCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aStartedReplicaRaceWritesNodesLagAndStepsThatReadBackTheSame() throws Exception {
        Started.postgresReplica("").close();        // skips (fails under CI) when the binaries are missing
        Path out = dir.resolve("out");
        Cli r = Cli.run("run", "--db", "postgres-replica", "-s", "naive", "-i", "repeatable-read", "-t", "3", "-r", "30",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        assertThat(r.out()).contains("node primary 127.0.0.1:", "node standby 127.0.0.1:", "replication lag to standby",
                "by step:");
        JsonNode row = JSON.readTree(out.resolve("summary.json").toFile()).get("strategies").get(0);
        assertThat(row.get("database").asText()).isEqualTo("postgres-replica");
        assertThat(row.get("nodes")).hasSize(2);
        assertThat(row.get("replication_lag_us").get("count").asLong()).isEqualTo(row.get("outcomes").get("created").asLong());
        assertThat(row.get("db_errors_by_step").get("INSERT").get("duplicate_key").asLong()).isPositive();
        RunReport back = SummaryReader.read(out);
        JsonNode again = JsonFormat.toJson(back).get("strategies").get(0);
        assertThat(again.toString()).as("the reader mirrors the writer").isEqualTo(row.toString());
    }

    @Test
    void readRoutingAcceptsAReadOnlyReplicaButNotAsTheWriteServerNorOneServerTwice() throws Exception {
        String python = Tools.require("/usr/bin/python3", "the worker is a Python program").toString();
        try (Target t = Started.mariaDbReplica("")) {
            String primary = t.jdbcUrl();
            String replica = t.reads().orElseThrow().jdbcUrl();

            Cli readOnly = Cli.run("run", "--url", replica, "-s", "upsert", "-r", "5", "-t", "2", "--out", dir.resolve("a").toString());
            assertThat(readOnly.exit()).isEqualTo(3);
            assertThat(readOnly.err()).contains("read-only");

            Cli same = Cli.run("run", "--url", primary, "--read-url", primary.replace("127.0.0.1", "localhost"), "-s", "upsert",
                    "-r", "5", "-t", "2", "--out", dir.resolve("b").toString());
            assertThat(same.exit()).isEqualTo(3);
            assertThat(same.err()).contains("are one server");

            Cli twice = Cli.run("run", "--node", primary, "--node", primary.replace("127.0.0.1", "localhost"), "-s", "upsert",
                    "-r", "5", "-t", "2", "--out", dir.resolve("c").toString());
            assertThat(twice.exit()).isEqualTo(3);
            assertThat(twice.err()).contains("are one server");

            String worker = python + " " + Path.of(getClass().getResource("/workers/fake_worker.py").toURI())
                    + " --hello-dir " + dir;
            Cli routed = Cli.run("run", "--url", primary, "--read-url", replica, "-s", "upsert", "--worker", worker,
                    "--worker-name", "fake", "-r", "10", "-t", "2", "--out", dir.resolve("d").toString());
            assertThat(routed.exit()).as(routed.err()).isZero();
            JsonNode hello = JSON.readTree(dir.resolve("hello-0.json").toFile()).get("hello");
            int replicaPort = t.reads().get().endpoint().port();
            assertThat(hello.get("read_target").get("port").asInt()).as("the worker is told where reads go").isEqualTo(replicaPort);
            assertThat(hello.get("target").get("port").asInt()).isEqualTo(t.endpoint().port());
            JsonNode rows = JSON.readTree(dir.resolve("d").resolve("summary.json").toFile()).get("strategies");
            assertThat(rows.get(0).get("nodes").get(1).get("role").asText()).isEqualTo("replica (reads)");
        }
    }
}
