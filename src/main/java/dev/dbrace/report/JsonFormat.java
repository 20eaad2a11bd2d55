package dev.dbrace.report;

import static dev.dbrace.report.SummaryFields.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrace.measure.Latency;
import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.PerRound;
import dev.dbrace.outcome.RetryCounts;
import dev.dbrace.outcome.Swimlane;
import dev.dbrace.outcome.Tally;
import dev.dbrace.race.ReplicationLag;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.race.StrategyRun;
import dev.dbrace.verify.Diagnosis;
import dev.dbrace.verify.Verification;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.json}: the configuration, the server reached, and per strategy its outcomes,
 * database errors, latency percentiles (µs), throughput, verification and encoded histograms.
 * Field names are snake_case and stable; see docs/output.md for the schema.
 */
public final class JsonFormat implements ResultFormat {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        MAPPER.writeValue(out, toJson(report));
    }

    public static ObjectNode toJson(RunReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put(SCHEMA, SCHEMA_VERSION);
        root.put(VERSION, report.version());
        root.put(STARTED_AT, report.startedAt().toString());
        root.put(PARTIAL, report.partial());
        root.set(CONFIG, MAPPER.valueToTree(report.config()));
        ArrayNode targets = root.putArray(TARGETS);
        for (RunReport.TargetInfo t : report.targets()) {
            targets.addObject().put(TARGET_NAME, t.name()).put(TARGET_PRODUCT, t.product()).put(TARGET_VERSION, t.version());
        }
        ArrayNode rows = root.putArray(ROWS);
        for (StrategyResult r : report.results()) {
            rows.add(row(r));
        }
        ArrayNode notRaced = root.putArray(NOT_RACED);
        for (StrategyRun run : report.notRaced()) {
            notRaced.addObject().put(STRATEGY, run.strategy()).put(ISOLATION, run.isolation()).put(DATABASE, run.database())
                    .put(STATUS, run.status().key()).put(REASON, run.reason());
        }
        root.put(ALL_VERIFIED, report.allVerified());
        root.put(PEAK_HEAP_MB, Math.round(peakHeapBytes() / 1e5) / 10.0);
        return root;
    }

    /** The JVM's peak heap use so far (sum of the heap pools' peaks): the harness's own memory cost. */
    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static ObjectNode row(StrategyResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        StrategyResult.Server server = r.server();
        n.put(DATABASE, server.database());
        n.put(PRODUCT, server.product());
        n.put(SERVER_VERSION, server.version());
        StrategyResult.Setup setup = r.setup();
        n.put(STRATEGY, setup.strategy());
        n.put(SUMMARY, setup.summary());
        n.put(ISOLATION, setup.isolation());
        ObjectNode settings = n.putObject(SETTINGS);
        setup.settings().forEach(settings::put);
        n.put(PRIOR_READ, setup.priorRead());
        n.put(THREADS, setup.threads());
        n.put(MODE, setup.mode());
        n.put(ALIGNED_AT, setup.alignment().at());
        n.put(ALIGNED_CALLS, setup.alignment().aligned());
        n.put(UNALIGNED_CALLS, setup.alignment().unaligned());
        StrategyResult.Counts counts = r.counts();
        n.put(ROUNDS, counts.rounds());
        n.put(CALLS, counts.calls());
        ObjectNode outcomes = n.putObject(OUTCOMES);
        for (Map.Entry<Outcome, Long> e : counts.outcomes().asMap().entrySet()) {
            outcomes.put(e.getKey().key(), e.getValue());
        }
        n.set(ROUNDS_WITH, nonZero(counts.roundsWith()));
        ObjectNode perRound = n.putObject(PER_ROUND_CI95);
        for (Outcome o : TextFormat.perRoundShown(r)) {
            PerRound.Interval i = counts.perRound(o);
            perRound.putObject(o.key()).put("rate", round6(i.rate())).put("low", round6(i.low())).put("high", round6(i.high()));
        }
        ObjectNode errors = n.putObject(DB_ERRORS);
        for (Map.Entry<DbError, Long> e : counts.dbErrors().asMap().entrySet()) {
            errors.put(e.getKey().key(), e.getValue());
        }
        ObjectNode bySteps = n.putObject(DB_ERRORS_BY_STEP);
        counts.errors().bySteps().forEach((step, t) -> bySteps.set(step, nonZero(t)));
        n.put(DB_ERRORS_COMPLETE, counts.dbErrorsComplete());
        ObjectNode retries = n.putObject(RETRIES);
        retries.put(RETRIES_TOTAL, counts.retries().total());
        retries.put(RETRIES_MAX, counts.retries().max());
        ObjectNode perCall = retries.putObject(RETRIES_PER_CALL);
        for (int i = 0; i < RetryCounts.SLOTS; i++) {
            if (counts.retries().calls(i) > 0) {
                perCall.put(String.valueOf(i), counts.retries().calls(i));
            }
        }
        n.put(VERDICT, r.verdict().name().toLowerCase(Locale.ROOT));
        Latency latency = r.latency();
        n.set(LATENCY_US, latency(LatencySummary.of(latency.all())));
        n.set(LATENCY_SUCCESS_US, latency(LatencySummary.of(latency.success())));
        n.set(LATENCY_FAILURE_US, latency(LatencySummary.of(latency.failure())));
        n.put(THROUGHPUT, Math.round(r.throughput() * 10) / 10.0);
        n.put(WALL_MS, r.timing().wallNanos() / 1_000_000);
        n.put(WALL_NS, r.timing().wallNanos());
        n.put(CLIENT_CPU_NS, r.timing().clientCpuNanos());
        n.put(CLIENT_CPU_US_PER_CALL, Math.round(r.timing().clientCpuUsPerCall(counts.calls()) * 10) / 10.0);
        if (counts.firstAnomalyNanos() < 0) {
            n.putNull(FIRST_ANOMALY_MS);
        } else {
            n.put(FIRST_ANOMALY_MS, Math.round(counts.firstAnomalyNanos() / 1e4) / 100.0);
        }
        Verification v = r.verification();
        ObjectNode ver = n.putObject(VERIFICATION);
        ver.put(PASSED, v.passed());
        ver.put(PROBLEM_COUNT, v.problemCount());
        ArrayNode problems = ver.putArray(PROBLEMS);
        v.problems().forEach(problems::add);
        ver.put(TABLE_ROWS, v.rows());
        ver.put(KEYS_RACED, v.keysRaced());
        ver.put(IDS_SKIPPED, v.idsSkipped());
        ArrayNode diagnoses = ver.putArray(DIAGNOSES);
        for (Diagnosis d : v.diagnoses()) {
            ObjectNode dn = diagnoses.addObject();
            dn.put(KEY, d.key());
            dn.put(STORY, d.story().name().toLowerCase(Locale.ROOT));
            dn.put(MEANING, d.story().meaning());
            ArrayNode creators = dn.putArray(CREATORS);
            for (Diagnosis.Creator c : d.creators()) {
                ObjectNode cn = creators.addObject();
                cn.put(NODE, c.node());
                cn.put(SESSION, c.session());
                cn.put(ID, c.id());
                ObjectNode on = cn.putObject(ROW_ON);
                c.rowOn().forEach(on::put);
                ArrayNode statements = cn.putArray(STATEMENTS);
                c.statements().forEach(st -> statements.addObject().put(SQL, st.sql()).put(ANSWER, st.answer()).put(FAILED, st.failed()));
            }
        }
        ObjectNode samples = n.putObject(SAMPLES);
        counts.samples().forEach((o, list) -> {
            ArrayNode a = samples.putArray(o.key());
            list.forEach(a::add);
        });
        ArrayNode swimlanes = n.putArray(SWIMLANES);
        for (Swimlane s : counts.swimlanes()) {
            ObjectNode sn = swimlanes.addObject().put(OUTCOME, s.outcome().key()).put(KEY, s.key());
            ArrayNode lanes = sn.putArray(LANES);
            for (Swimlane.Lane l : s.lanes()) {
                ObjectNode ln = lanes.addObject().put(WHO, l.who());
                ArrayNode boxes = ln.putArray(BOXES);
                l.boxes().forEach(x -> boxes.addObject().put(SQL, x.sql()).put(ANSWER, x.answer()).put(FAILED, x.failed())
                        .put(START_US, x.startUs()).put(END_US, x.endUs()));
            }
        }
        ObjectNode hist = n.putObject(HISTOGRAM);
        hist.put(HISTOGRAM_SUCCESS, Latency.encode(latency.success()));
        hist.put(HISTOGRAM_FAILURE, Latency.encode(latency.failure()));
        spread(r.spread(), n);
        failover(r.failover(), n);
        return n;
    }

    /** {@code failover}, for a race through a fault only. */
    private static void failover(StrategyResult.Failover f, ObjectNode n) {
        if (f.fault().isEmpty()) {
            return;
        }
        ObjectNode o = n.putObject(FAILOVER).put(FAULT, f.fault()).put(STRUCK_NODE, f.node()).put(NOTE, f.note())
                .put(STRUCK_MS, f.struckMs()).put(HEALED_MS, f.healedMs());
        ObjectNode check = o.putObject(HISTORY_CHECK);
        f.counts().forEach((kind, byWindow) -> {
            ObjectNode k = check.putObject(kind);
            byWindow.forEach(k::put);
        });
        ObjectNode calls = o.putObject(CALLS_BY_WINDOW);
        f.calls().forEach(calls::put);
        ArrayNode findings = o.putArray(FINDINGS);
        f.findings().forEach(findings::add);
        ArrayNode seconds = o.putArray(TIMELINE);
        f.timeline().forEach(s -> seconds.addObject().put(SECOND, s.second()).put(OK, s.ok()).put(FAILED, s.failed()));
    }

    /** {@code nodes} and {@code replication_lag_us}, for a race on several servers only. */
    private static void spread(StrategyResult.Spread spread, ObjectNode n) {
        if (!spread.nodes().isEmpty()) {
            ArrayNode nodes = n.putArray(NODES);
            for (StrategyResult.NodeCounts c : spread.nodes()) {
                ObjectNode o = nodes.addObject().put(NODE_SERVER, c.server()).put(NODE_ID, c.id()).put(NODE_ROLE, c.role())
                        .put(NODE_CLUSTER_SIZE, c.clusterSize()).put(THREADS, c.threads());
                o.set(OUTCOMES, nonZero(c.outcomes()));
                o.set(DB_ERRORS, nonZero(c.dbErrors()));
                ObjectNode counters = o.putObject(NODE_COUNTERS);
                c.counters().forEach(counters::put);
            }
        }
        ReplicationLag lag = spread.lag();
        if (lag.measured()) {
            ObjectNode l = latency(LatencySummary.of(lag.lagUs()));
            l.put(LAG_READ_SERVER, lag.readServer()).put(LAG_POLL_US, lag.pollUs()).put(LAG_UNSEEN, lag.unseen()).put(LAG_FAILURE, lag.failure())
                    .put(HISTOGRAM, Latency.encode(lag.lagUs()));
            n.set(REPLICATION_LAG_US, l);
        }
    }

    private static double round6(double d) {
        return Math.round(d * 1e6) / 1e6;
    }

    /** The non-zero counts of a tally, by snake_case name. */
    private static <E extends Enum<E>> ObjectNode nonZero(Tally<E> t) {
        ObjectNode o = MAPPER.createObjectNode();
        t.asMap().forEach((k, v) -> {
            if (v > 0) {
                o.put(k.name().toLowerCase(Locale.ROOT), v);
            }
        });
        return o;
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
        return ROW;
    }
}
