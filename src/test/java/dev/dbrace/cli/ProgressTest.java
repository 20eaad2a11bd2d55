package dev.dbrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import org.junit.jupiter.api.Test;

/** Progress lines: plain periodic lines when not on a terminal, nothing with --quiet. */
class ProgressTest {

    @Test
    void plainLinesWhileRacingAndNoneWhenQuiet() {
        String url = Databases.embeddedMariaDb().jdbcUrl();
        // a line every 100 ms over a 3 s race: dozens of chances, so a busy machine cannot starve them all
        Cli r = Cli.run("run", "--url", url, "-s", "upsert", "-t", "2", "--duration", "3s", "--progress-interval", "100ms", "--out",
                System.getProperty("java.io.tmpdir") + "/dbrace-progress-test");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("  upsert: \\d+ calls, \\d+ calls/s, 0 anomalies, \\d+ s left")
                .doesNotContain("\r");
        Cli q = Cli.run("run", "--url", url, "-s", "upsert", "-t", "2", "--duration", "1s", "--progress-interval", "100ms", "-q", "--out",
                System.getProperty("java.io.tmpdir") + "/dbrace-progress-test");
        assertThat(q.err()).doesNotContain("calls/s");
    }
}
