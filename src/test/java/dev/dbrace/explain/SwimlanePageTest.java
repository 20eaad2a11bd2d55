package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Explorations;
import dev.dbrace.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --all --html}: the swimlane page, rendered by headless Chromium as a newcomer's browser would. */
class SwimlanePageTest {

    @TempDir
    Path dir;

    private String dom(Path page) throws Exception {
        Path chromium = Tools.require("/usr/bin/chromium", "Debian's chromium renders the page (.ci/run installs it)");
        Path profile = Files.createTempDirectory("dbrace-chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--dump-dom", page.toUri().toString())
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("chromium.log"))).as("no console errors").doesNotContain("Uncaught");
        return dom;
    }

    @Test
    void naiveAtRepeatableReadShowsTwoLanesAndTheInsertsDuplicateKey() throws Exception {
        Exploration e = new Explorer(Databases.embeddedMariaDb()).explore(Strategies.byName("naive"),
                Isolation.REPEATABLE_READ, false, Settings.NONE, Explorer.Options.of(2, 10_000));
        Path page = dir.resolve("naive.html");
        Files.writeString(page, SwimlanePage.render(e));
        String dom = dom(page);
        assertThat(dom).contains("naive at repeatable-read").contains("all there are")
                .contains("<th>T1</th><th>T2</th>").contains("ERROR 1062/23000").contains("snapshot fixed here")
                .contains("DoesNotExist raised to the caller");
        assertThat(dom.split("class=\"panel\"", -1)).as("a panel per outcome pair").hasSize(1 + e.pairs().size());
        assertThat(dom).as("nothing from the network").doesNotContain("http://").doesNotContain("https://");
    }

    /** explain --all writes its page and its JSON into a results folder, as run writes its report. */
    @Test
    void explainWritesItsPageIntoAResultsFolder() throws Exception {
        Path out = dir.resolve("results");
        Cli r = Cli.run("explain", "--all", "-s", "naive", "-i", "repeatable-read", "--db", "embedded-mariadb",
                "--out", out.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains(out.resolve("explain.html").toString());
        assertThat(dom(out.resolve("explain.html"))).contains("naive at repeatable-read").contains("ERROR 1062/23000");
        assertThat(Files.readString(out.resolve("exploration.json"))).isEqualToIgnoringWhitespace(r.out());
    }

    @Test
    void aLockingRereadDeadlockMarksTheWaitingStatement() throws Exception {
        // the exploration RaceAgreesWithExplorationTest finds the three-session deadlock in, made once for both
        Exploration e = Explorations.of(Databases.embeddedMariaDb(), "locking-reread", Isolation.REPEATABLE_READ,
                Explorer.Options.of(3, 20_000));
        assertThat(e.outcomes()).contains(Outcome.DEADLOCK);
        Path page = dir.resolve("locking-reread.html");
        Files.writeString(page, SwimlanePage.render(e));
        String dom = dom(page);
        assertThat(dom).contains("<th>T3</th>").contains("ERROR 1213/40001")
                .containsPattern("class=\"stmt( failed)? waited\"[^>]*><span class=\"tag\">waited for a lock");
    }

    /** The pictures in docs/explain.md and docs/output.md come from scripts/screenshots.sh: it still runs, at 1280 px. */
    @Test
    void theScreenshotScriptStillRuns() throws Exception {
        Tools.require("/usr/bin/chromium", "Debian's chromium takes the screenshot (.ci/run installs it)");
        Tools.requireWorks("the report's picture races the seed's Django worker: python3-django and python3-mysqldb",
                "/usr/bin/python3", "-c", "import django, MySQLdb");
        Path out = dir.resolve("images");
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/screenshots.sh", out.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.log").toFile());
        pb.environment().put("DBRACE", Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
                + System.getProperty("java.class.path") + " dev.dbrace.cli.Main");
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("a hang guard, not a time limit").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("script.log"))).isZero();
        for (String picture : List.of("explain-naive.png", "report-django.png")) {
            byte[] png = Files.readAllBytes(out.resolve(picture));
            int width = (png[16] & 0xff) << 24 | (png[17] & 0xff) << 16 | (png[18] & 0xff) << 8 | png[19] & 0xff;
            assertThat(width).as(picture + ": the page at 1280 px").isEqualTo(1280);
        }
    }
}
