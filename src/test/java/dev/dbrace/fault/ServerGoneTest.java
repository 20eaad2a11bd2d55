package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.cli.ExitCode;
import dev.dbrace.support.Cli;
import dev.dbrace.db.EmbeddedMariaDb;
import dev.dbrace.db.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
    void abortsCleanlyAndKeepsWhatCompleted() throws Exception {
        Target doomed = EmbeddedMariaDb.start(100);
        try {
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(6_500);          // upsert raced for 4 s and completed; naive is racing
                    doomed.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            long t0 = System.nanoTime();
            Cli r = Cli.run("run", "--url", doomed.jdbcUrl(), "-s", "upsert,naive", "--duration", "4s", "-t", "4", "-q", "--out", dir.toString());
            killer.join();
            long seconds = (System.nanoTime() - t0) / 1_000_000_000;
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.UNREACHABLE);
            assertThat(r.err()).contains("the server went away while racing naive").contains("completed before it: [upsert");
            assertThat(seconds).as("bounded reconnect attempts, no endless retrying").isLessThan(60);
            JsonNode root = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
            assertThat(root.get("partial").asBoolean()).isTrue();
            assertThat(root.get("strategies")).hasSize(1);
            assertThat(root.at("/strategies/0/strategy").asText()).isEqualTo("upsert");
            assertThat(root.at("/skipped").toString()).contains("went away");
        } finally {
            try {
                doomed.close();
            } catch (Exception alreadyStopped) {
                // the killer stopped it
            }
        }
    }
}
