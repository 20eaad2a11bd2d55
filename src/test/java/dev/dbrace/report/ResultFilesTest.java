package dev.dbrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Tools;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a run leaves beside summary.json, from a real race: CSV, HTML, .hlog, and the JSON read back. */
class ResultFilesTest {

    @TempDir
    static Path dir;

    static RunReport report;

    @BeforeAll
    static void race() throws Exception {
        RaceRunner runner = new RaceRunner(Databases.embeddedMariaDb());
        RaceConfig cfg = RaceConfig.rounds(4, 50);
        List<StrategyResult> results = new ArrayList<>();
        results.add(runner.run(Strategies.byName("naive"), null, cfg));
        results.add(runner.run(Strategies.byName("upsert"), null, cfg));
        report = new RunReport("test", Instant.parse("2026-11-25T12:00:00Z"), config(),
                List.of(new RunReport.TargetInfo("embedded-mariadb", "MariaDB", "11.4.5")), results, List.of(), false);
        ResultFiles.writeAll(dir, report);
    }

    @Test
    void allFourFilesAreWritten() {
        for (String f : List.of("summary.json", "summary.csv", "report.html", "latency.hlog")) {
            assertThat(dir.resolve(f)).isRegularFile();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("no temp files left").isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void hlogLoadsInHdrHistogramsOwnReader() throws Exception {
        HistogramLogReader reader = new HistogramLogReader(dir.resolve("latency.hlog").toFile());
        List<EncodableHistogram> read = new ArrayList<>();
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            read.add(h);
        }
        assertThat(read).hasSize(2);
        assertThat(read.get(0).getTag()).isEqualTo("naive/repeatable-read/embedded-mariadb");
        assertThat(read.get(1).getTag()).isEqualTo("upsert/repeatable-read/embedded-mariadb");
        assertThat(((org.HdrHistogram.Histogram) read.get(0)).getTotalCount()).isEqualTo(report.results().get(0).calls());
        assertThat(((org.HdrHistogram.Histogram) read.get(1)).getMaxValue())
                .isEqualTo(report.results().get(1).latency().all().getMaxValue());
    }

    @Test
    void csvHasARowPerStrategyMatchingTheCounts() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(lines).hasSize(3);
        List<String> head = List.of(lines.get(0).split(","));
        List<String> naive = List.of(lines.get(1).split(","));
        assertThat(naive.get(head.indexOf("strategy"))).isEqualTo("naive");
        assertThat(naive.get(head.indexOf("calls"))).isEqualTo("200");
        assertThat(Long.parseLong(naive.get(head.indexOf("does_not_exist"))))
                .isEqualTo(report.results().get(0).outcomes().get(Outcome.DOES_NOT_EXIST));
        assertThat(naive.get(head.indexOf("verdict"))).isEqualTo("racy");
    }

    @Test
    void summaryReadsBackToTheSameReport() throws Exception {
        RunReport back = SummaryReader.read(dir);
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        new JsonFormat().write(report, a);
        new JsonFormat().write(back, b);
        // harness_peak_heap_mb is the writing JVM's peak heap at the moment of writing, not a field of the report: other
        // threads of this JVM may raise it between the two writes (it did, 154.3 against 157.7 MB, after GatedWorkerTest)
        String peak = "\"harness_peak_heap_mb\" : [0-9.]+";
        assertThat(b.toString().replaceAll(peak, "PEAK")).isEqualTo(a.toString().replaceAll(peak, "PEAK"));
    }

    /** The run's configuration with an option that was not set. */
    private static Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("threads", 4);
        c.put("rate", null);
        return c;
    }

    @Test
    void htmlIsSelfContainedWithAChartPerStrategy() throws Exception {
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
        assertThat(html.split("<svg class=\"latency\"", -1)).hasSize(3);
        assertThat(html.split("<svg class=\"outcomes\"", -1)).hasSize(3);
        assertThat(html).contains("does_not_exist").contains("99.99%");
    }

    @Test
    void htmlOverlaysEveryStrategyOnOneChartWithReadableTicks() throws Exception {
        String html = Files.readString(dir.resolve("report.html"));
        String overlay = html.substring(html.indexOf("<svg class=\"overlay\""));
        overlay = overlay.substring(0, overlay.indexOf("</svg>"));
        assertThat(html.indexOf("<svg class=\"overlay\"")).as("above the per-strategy sections")
                .isLessThan(html.indexOf("class=\"card strategy\""));
        assertThat(overlay.split("<polyline", -1)).as("one curve per strategy").hasSize(3);
        assertThat(overlay).contains("naive at repeatable-read").contains("upsert at repeatable-read");
        // a log axis in milliseconds with 1-2-5 ticks, so the body of each curve is not flattened by the maximum
        List<Double> ticks = new ArrayList<>();
        Matcher m = Pattern.compile("text-anchor=\"end\">([0-9.]+)</text>").matcher(overlay);
        while (m.find()) {
            ticks.add(Double.parseDouble(m.group(1)));
        }
        assertThat(ticks).as("y ticks").hasSizeGreaterThanOrEqualTo(3).isSorted();
        for (double t : ticks) {
            double mantissa = t / Math.pow(10, Math.floor(Math.log10(t)));
            assertThat(Math.round(mantissa * 1000) / 1000.0).as("tick " + t).isIn(1.0, 2.0, 5.0);
        }
        assertThat(ticks.get(ticks.size() - 1) / ticks.get(0)).as("at least a decade").isGreaterThanOrEqualTo(10);
    }

    @Test
    void unsetOptionsAreLeftOutOfTheConfigurationTable() throws Exception {
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<td>threads</td>").doesNotContain("<td>rate</td>").doesNotContain("<td>null</td>");
    }

    @Test
    void htmlRendersInHeadlessChromium() throws Exception {
        Path chromium = Tools.require("/usr/bin/chromium", "Debian's chromium renders the report (.ci/run installs it)");
        Path profile = Files.createTempDirectory("dbrace-chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--dump-dom", dir.resolve("report.html").toUri().toString())
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("chromium.log"));
        assertThat(dom).as("the browser built the page").contains("dbrace report");
        assertThat(dom.split("class=\"card strategy\"", -1)).as("one chart card per strategy").hasSize(3);
        assertThat(dom.split("<polyline", -1).length - 1).as("latency curves drawn").isGreaterThanOrEqualTo(2);
        assertThat(log).as("no console errors").doesNotContain("CONSOLE").doesNotContain("Uncaught");
    }
}
