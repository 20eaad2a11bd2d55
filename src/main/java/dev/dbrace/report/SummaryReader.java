package dev.dbrace.report;

import static dev.dbrace.report.SummaryFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbrace.measure.Latency;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.RetryCounts;
import dev.dbrace.outcome.Swimlane;
import dev.dbrace.outcome.Tally;
import dev.dbrace.race.ReplicationLag;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.race.StrategyRun;
import dev.dbrace.strategy.CallTrace;
import dev.dbrace.verify.Diagnosis;
import dev.dbrace.verify.Verification;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a {@code summary.json} back into a {@link RunReport}, for {@code dbrace report} and {@code compare}. */
public final class SummaryReader {

    /** A results file that is missing or not a dbrace summary; the message says which and why. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    private SummaryReader() {
    }

    /** Reads {@code path}, or {@code path/summary.json} when it is a directory. */
    public static RunReport read(Path path) throws Invalid {
        Path file = Files.isDirectory(path) ? path.resolve("summary.json") : path;
        JsonNode root;
        try {
            root = JsonFormat.MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new Invalid(file + ": no such file");
        } catch (IOException e) {
            throw new Invalid(file + ": not valid JSON (" + e.getMessage() + ")");
        }
        try {
            return parse(root);
        } catch (Invalid e) {
            throw new Invalid(file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new Invalid(file + ": not a dbrace summary (" + e.getMessage() + ")");
        }
    }

    private static String need(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        return v.asText();
    }

    static RunReport parse(JsonNode root) throws Invalid {
        int schema = root.path(SCHEMA).asInt(1);
        if (schema > SCHEMA_VERSION) {
            throw new Invalid("was written by a newer dbrace (summary schema " + schema + "; this dbrace reads schema "
                    + SCHEMA_VERSION + " and older): upgrade dbrace to read it");
        }
        String version = need(root, VERSION);
        Instant started = Instant.parse(need(root, STARTED_AT));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = JsonFormat.MAPPER.convertValue(root.get(CONFIG), LinkedHashMap.class);
        List<RunReport.TargetInfo> targets = new ArrayList<>();
        for (JsonNode t : root.path(TARGETS)) {
            targets.add(new RunReport.TargetInfo(need(t, TARGET_NAME), need(t, TARGET_PRODUCT), need(t, TARGET_VERSION)));
        }
        List<StrategyResult> results = new ArrayList<>();
        JsonNode rows = root.get(ROWS);
        if (rows == null || !rows.isArray()) {
            throw new IllegalArgumentException("missing '" + ROWS + "'");
        }
        for (JsonNode r : rows) {
            results.add(row(r));
        }
        List<StrategyRun> notRaced = new ArrayList<>();
        for (JsonNode n : root.path(NOT_RACED)) {
            notRaced.add(new StrategyRun(need(n, STRATEGY), n.path(ISOLATION).isNull() ? null : n.path(ISOLATION).asText(),
                    n.path(DATABASE).asText(""), StrategyRun.Status.valueOf(need(n, STATUS).toUpperCase(Locale.ROOT)),
                    n.path(REASON).asText(""), null));
        }
        root.path(SKIPPED_V1).fields().forEachRemaining(e -> notRaced.add(new StrategyRun(e.getKey(), null, "",
                e.getValue().asText().startsWith("failed: ") ? StrategyRun.Status.FAILED : StrategyRun.Status.SKIPPED,
                e.getValue().asText(), null)));
        return new RunReport(version, started, config == null ? Map.of() : config, targets, results, notRaced,
                root.path(PARTIAL).asBoolean(false));
    }

    private static StrategyResult row(JsonNode r) {
        StrategyResult.Server server = new StrategyResult.Server(r.path(DATABASE).asText(""), r.path(PRODUCT).asText(""),
                r.path(SERVER_VERSION).asText(""));
        Map<String, String> settings = new LinkedHashMap<>();
        r.path(SETTINGS).fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        StrategyResult.Setup setup = new StrategyResult.Setup(need(r, STRATEGY), r.path(SUMMARY).asText(""),
                need(r, ISOLATION), settings, r.path(PRIOR_READ).asBoolean(false), r.get(THREADS).asInt(),
                r.path(MODE).asText("rounds"), new StrategyResult.Alignment(r.path(ALIGNED_AT).asText("free"),
                        r.path(ALIGNED_CALLS).asLong(0), r.path(UNALIGNED_CALLS).asLong(0)));
        Tally<Outcome> outcomes = new Tally<>(Outcome.class);
        r.get(OUTCOMES).fields().forEachRemaining(e ->
                outcomes.add(Outcome.valueOf(e.getKey().toUpperCase(Locale.ROOT)), e.getValue().asLong()));
        ErrorLog errors = new ErrorLog();
        if (r.has(DB_ERRORS_BY_STEP)) {
            r.get(DB_ERRORS_BY_STEP).fields().forEachRemaining(step -> step.getValue().fields().forEachRemaining(e ->
                    errors.add(dbError(e.getKey()), step.getKey(), e.getValue().asLong())));
        } else {        // schema 2 and older: the kinds only
            r.get(DB_ERRORS).fields().forEachRemaining(e ->
                    errors.add(dbError(e.getKey()), ErrorLog.UNKNOWN_STEP, e.getValue().asLong()));
        }
        RetryCounts retries = new RetryCounts();
        r.path(RETRIES).path(RETRIES_PER_CALL).fields().forEachRemaining(
                e -> retries.add(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        Map<Outcome, List<String>> samples = new EnumMap<>(Outcome.class);
        r.path(SAMPLES).fields().forEachRemaining(e -> {
            List<String> list = new ArrayList<>();
            e.getValue().forEach(x -> list.add(x.asText()));
            samples.put(Outcome.valueOf(e.getKey().toUpperCase(Locale.ROOT)), list);
        });
        List<Swimlane> swimlanes = new ArrayList<>();
        for (JsonNode sn : r.path(SWIMLANES)) {         // files written before dbrace drew them have none
            List<Swimlane.Lane> lanes = new ArrayList<>();
            for (JsonNode ln : sn.path(LANES)) {
                List<Swimlane.Box> boxes = new ArrayList<>();
                ln.path(BOXES).forEach(x -> boxes.add(new Swimlane.Box(x.path(SQL).asText(), x.path(ANSWER).asText(),
                        x.path(FAILED).asBoolean(), x.path(START_US).asLong(), x.path(END_US).asLong())));
                lanes.add(new Swimlane.Lane(ln.path(WHO).asText(), List.copyOf(boxes)));
            }
            swimlanes.add(new Swimlane(Outcome.valueOf(sn.path(OUTCOME).asText().toUpperCase(Locale.ROOT)),
                    sn.path(KEY).asText(), List.copyOf(lanes)));
        }
        JsonNode first = r.path(FIRST_ANOMALY_MS);
        StrategyResult.Counts counts = new StrategyResult.Counts(r.get(ROUNDS).asLong(), r.get(CALLS).asLong(), outcomes,
                errors, !r.has(DB_ERRORS_COMPLETE) || r.get(DB_ERRORS_COMPLETE).asBoolean(), retries, first.isNumber() ? Math.round(first.asDouble() * 1e6) : -1, samples,
                tally(r.path(ROUNDS_WITH), Outcome.class), List.copyOf(swimlanes));
        Latency latency = Latency.of(Latency.decode(need(r.get(HISTOGRAM), HISTOGRAM_SUCCESS)),
                Latency.decode(need(r.get(HISTOGRAM), HISTOGRAM_FAILURE)));
        long wallNanos = r.has(WALL_NS) ? r.get(WALL_NS).asLong() : r.path(WALL_MS).asLong() * 1_000_000;
        JsonNode v = r.get(VERIFICATION);
        List<String> problems = new ArrayList<>();
        v.path(PROBLEMS).forEach(p -> problems.add(p.asText()));
        Verification ver = new Verification(v.get(PASSED).asBoolean(), v.path(PROBLEM_COUNT).asLong(), problems,
                v.path(TABLE_ROWS).asLong(), v.path(KEYS_RACED).asLong(), v.path(IDS_SKIPPED).asLong(), diagnoses(v.path(DIAGNOSES)));
        return new StrategyResult(server, setup, counts, new StrategyResult.Timing(latency, wallNanos, r.path(CLIENT_CPU_NS).asLong(0)), ver,
                spread(r), failover(r.path(FAILOVER)));
    }

    /** {@code failover}, when the race went through a fault. */
    private static StrategyResult.Failover failover(JsonNode f) {
        if (!f.isObject()) {
            return StrategyResult.Failover.NONE;
        }
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        f.path(HISTORY_CHECK).fields().forEachRemaining(k -> {
            Map<String, Long> byWindow = new LinkedHashMap<>();
            k.getValue().fields().forEachRemaining(w -> byWindow.put(w.getKey(), w.getValue().asLong()));
            counts.put(k.getKey(), byWindow);
        });
        Map<String, Long> calls = new LinkedHashMap<>();
        f.path(CALLS_BY_WINDOW).fields().forEachRemaining(w -> calls.put(w.getKey(), w.getValue().asLong()));
        List<String> findings = new ArrayList<>();
        f.path(FINDINGS).forEach(x -> findings.add(x.asText()));
        List<StrategyResult.Second> timeline = new ArrayList<>();
        f.path(TIMELINE).forEach(s -> timeline.add(new StrategyResult.Second(s.path(SECOND).asLong(), s.path(OK).asLong(),
                s.path(FAILED).asLong())));
        return new StrategyResult.Failover(f.path(FAULT).asText(), f.path(STRUCK_NODE).asText(), f.path(NOTE).asText(),
                f.path(STRUCK_MS).asLong(-1), f.path(HEALED_MS).asLong(-1), counts, calls, List.copyOf(findings),
                List.copyOf(timeline));
    }

    private static List<Diagnosis> diagnoses(JsonNode array) {
        List<Diagnosis> out = new ArrayList<>();
        for (JsonNode d : array) {
            List<Diagnosis.Creator> creators = new ArrayList<>();
            for (JsonNode c : d.path(CREATORS)) {
                Map<String, Boolean> rowOn = new LinkedHashMap<>();
                c.path(ROW_ON).fields().forEachRemaining(e -> rowOn.put(e.getKey(), e.getValue().asBoolean()));
                List<CallTrace.TracedStatement> statements = new ArrayList<>();
                c.path(STATEMENTS).forEach(st -> statements.add(new CallTrace.TracedStatement(st.path(SQL).asText(),
                        st.path(ANSWER).asText(), st.path(FAILED).asBoolean())));
                creators.add(new Diagnosis.Creator(c.path(NODE).asText(), c.path(SESSION).asLong(), c.path(ID).asLong(),
                        rowOn, statements));
            }
            out.add(new Diagnosis(d.path(KEY).asLong(), Diagnosis.Story.valueOf(d.path(STORY).asText().toUpperCase(Locale.ROOT)),
                    creators));
        }
        return out;
    }

    private static DbError dbError(String key) {
        return DbError.valueOf(key.toUpperCase(Locale.ROOT));
    }

    private static <E extends Enum<E>> Tally<E> tally(JsonNode n, Class<E> type) {
        Tally<E> t = new Tally<>(type);
        n.fields().forEachRemaining(e -> t.add(Enum.valueOf(type, e.getKey().toUpperCase(Locale.ROOT)), e.getValue().asLong()));
        return t;
    }

    /** {@code nodes} and {@code replication_lag_us}, when the race was on several servers. */
    private static StrategyResult.Spread spread(JsonNode r) {
        if (!r.has(NODES) && !r.has(REPLICATION_LAG_US)) {
            return StrategyResult.Spread.NONE;
        }
        List<StrategyResult.NodeCounts> nodes = new ArrayList<>();
        for (JsonNode n : r.path(NODES)) {
            Map<String, Long> counters = new LinkedHashMap<>();
            n.path(NODE_COUNTERS).fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
            nodes.add(new StrategyResult.NodeCounts(n.path(NODE_SERVER).asText(), n.path(NODE_ID).asText(),
                    n.path(NODE_ROLE).asText(), n.path(NODE_CLUSTER_SIZE).asInt(), n.path(THREADS).asInt(),
                    tally(n.path(OUTCOMES), Outcome.class), tally(n.path(DB_ERRORS), DbError.class), counters));
        }
        JsonNode l = r.get(REPLICATION_LAG_US);
        ReplicationLag lag = l == null ? ReplicationLag.NONE : new ReplicationLag(l.path(LAG_READ_SERVER).asText(),
                Latency.decode(need(l, HISTOGRAM)), l.path(LAG_POLL_US).asLong(), l.path(LAG_UNSEEN).asLong(), l.path(LAG_FAILURE).asText(""));
        return new StrategyResult.Spread(nodes, lag);
    }
}
