package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.cli.ExitCode;
import dev.dbrace.support.Cli;
import dev.dbrace.db.EmbeddedMariaDb;
import dev.dbrace.db.Target;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that goes away for good mid-run: bounded reconnect attempts, then a clear abort that
 * still writes the partial results and names the strategies that completed. Uses a MariaDB of its
 * own, since it is shut down.
 */
class ServerGoneTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)        // a hang guard: reconnect attempts are bounded by count
    void abortsCleanlyAndKeepsWhatCompleted() throws Exception {
        Target doomed = EmbeddedMariaDb.start(100);
        try {
            Cli.Running run = Cli.start("run", "--url", doomed.jdbcUrl(), "-s", "upsert,naive", "--duration", "4s", "-t", "4",
                    "--out", dir.toString());
            // evidence, not time: upsert has completed once dbrace says it is racing naive
            assertThat(run.awaitErr(err -> err.contains("racing naive"), 5)).as(run.err().toString()).isTrue();
            doomed.close();
            Cli r = run.await();
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.UNREACHABLE);
            assertThat(r.err()).contains("the server went away while racing naive").contains("completed before it: [upsert");
            JsonNode root = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
            assertThat(root.get("partial").asBoolean()).isTrue();
            assertThat(root.get("strategies")).hasSize(1);
            assertThat(root.at("/strategies/0/strategy").asText()).isEqualTo("upsert");
            assertThat(root.at("/not_raced/0/status").asText()).isEqualTo("aborted");
            assertThat(root.at("/not_raced/0/reason").asText()).contains("went away");
        } finally {
            try {
                doomed.close();
            } catch (Exception alreadyStopped) {
                // the test stopped it
            }
        }
    }
}
