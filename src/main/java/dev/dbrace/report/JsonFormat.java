package dev.dbrace.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrace.measure.Latency;
import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.verify.Verification;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the configuration, the server reached, and per strategy its outcomes,
 * database errors, latency percentiles (µs), throughput, verification and encoded histograms.
 * Field names are snake_case and stable; see the README for the schema.
 */
public final class JsonFormat implements ResultFormat {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        MAPPER.writeValue(out, toJson(report));
    }

    public static ObjectNode toJson(RunReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("dbrace_version", report.version());
        root.put("started_at", report.startedAt().toString());
        root.put("partial", report.partial());
        root.set("config", MAPPER.valueToTree(report.config()));
        ArrayNode targets = root.putArray("targets");
        for (RunReport.TargetInfo t : report.targets()) {
            targets.addObject().put("name", t.name()).put("product", t.product()).put("version", t.version());
        }
        ArrayNode rows = root.putArray("strategies");
        for (StrategyResult r : report.results()) {
            rows.add(row(r));
        }
        ObjectNode skipped = root.putObject("skipped");
        report.skipped().forEach(skipped::put);
        root.put("all_verified", report.allVerified());
        root.put("harness_peak_heap_mb", Math.round(peakHeapBytes() / 1e5) / 10.0);
        return root;
    }

    /** The JVM's peak heap use so far (sum of the heap pools' peaks): the harness's own memory cost. */
    public static long peakHeapBytes() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static ObjectNode row(StrategyResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("database", r.database());
        n.put("product", r.product());
        n.put("server_version", r.serverVersion());
        n.put("strategy", r.strategy());
        n.put("summary", r.summary());
        n.put("isolation", r.isolation());
        n.put("prior_read", r.priorRead());
        n.put("threads", r.threads());
        n.put("mode", r.mode());
        n.put("rounds", r.rounds());
        n.put("calls", r.calls());
        ObjectNode outcomes = n.putObject("outcomes");
        for (Map.Entry<Outcome, Long> e : r.outcomes().asMap().entrySet()) {
            outcomes.put(e.getKey().key(), e.getValue());
        }
        ObjectNode errors = n.putObject("db_errors");
        for (Map.Entry<DbError, Long> e : r.dbErrors().asMap().entrySet()) {
            errors.put(e.getKey().key(), e.getValue());
        }
        ObjectNode retries = n.putObject("retries");
        retries.put("total", r.retries());
        retries.put("max_per_call", r.maxRetries());
        ObjectNode perCall = retries.putObject("per_call");
        for (int i = 0; i < r.retriesPerCall().length; i++) {
            if (r.retriesPerCall()[i] > 0) {
                perCall.put(String.valueOf(i), r.retriesPerCall()[i]);
            }
        }
        n.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
        n.set("latency_us", latency(LatencySummary.of(r.latency().all())));
        n.set("latency_success_us", latency(LatencySummary.of(r.latency().success())));
        n.set("latency_failure_us", latency(LatencySummary.of(r.latency().failure())));
        n.put("throughput_ops_s", Math.round(r.throughput() * 10) / 10.0);
        n.put("wall_ms", r.wallNanos() / 1_000_000);
        n.put("wall_ns", r.wallNanos());
        n.put("first_anomaly_ms", r.firstAnomalyNanos() < 0 ? null : Math.round(r.firstAnomalyNanos() / 1e4) / 100.0);
        Verification v = r.verification();
        ObjectNode ver = n.putObject("verification");
        ver.put("passed", v.passed());
        ver.put("problem_count", v.problemCount());
        ArrayNode problems = ver.putArray("problems");
        v.problems().forEach(problems::add);
        ver.put("rows", v.rows());
        ver.put("keys_raced", v.keysRaced());
        ver.put("ids_skipped", v.idsSkipped());
        ObjectNode samples = n.putObject("samples");
        r.samples().forEach((o, list) -> {
            ArrayNode a = samples.putArray(o.key());
            list.forEach(a::add);
        });
        ObjectNode hist = n.putObject("histogram");
        hist.put("success", Latency.encode(r.latency().success()));
        hist.put("failure", Latency.encode(r.latency().failure()));
        return n;
    }

    private static ObjectNode latency(LatencySummary s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("count", s.count());
        n.put("p50", s.p50());
        n.put("p90", s.p90());
        n.put("p99", s.p99());
        n.put("p999", s.p999());
        n.put("max", s.max());
        n.put("mean", Math.round(s.mean() * 10) / 10.0);
        return n;
    }

    /** Field names of a strategy row, for documentation and tests. */
    public static List<String> rowFields() {
        return List.of("database", "product", "server_version", "strategy", "isolation", "prior_read", "threads", "rounds", "calls", "outcomes", "db_errors",
                "latency_us", "throughput_ops_s", "verification", "histogram");
    }
}
