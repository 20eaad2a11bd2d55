package dev.dbrace.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbrace.measure.Latency;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Tally;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.verify.Verification;
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
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new Invalid(file + ": no such file");
        } catch (IOException e) {
            throw new Invalid(file + ": not valid JSON (" + e.getMessage() + ")");
        }
        try {
            return parse(root);
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

    static RunReport parse(JsonNode root) {
        String version = need(root, "dbrace_version");
        Instant started = Instant.parse(need(root, "started_at"));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = JsonFormat.MAPPER.convertValue(root.get("config"), LinkedHashMap.class);
        List<RunReport.TargetInfo> targets = new ArrayList<>();
        for (JsonNode t : root.path("targets")) {
            targets.add(new RunReport.TargetInfo(need(t, "name"), need(t, "product"), need(t, "version")));
        }
        List<StrategyResult> results = new ArrayList<>();
        JsonNode rows = root.get("strategies");
        if (rows == null || !rows.isArray()) {
            throw new IllegalArgumentException("missing 'strategies'");
        }
        for (JsonNode r : rows) {
            results.add(row(r));
        }
        Map<String, String> skipped = new LinkedHashMap<>();
        root.path("skipped").fields().forEachRemaining(e -> skipped.put(e.getKey(), e.getValue().asText()));
        return new RunReport(version, started, config == null ? Map.of() : config, targets, results, skipped,
                root.path("partial").asBoolean(false));
    }

    private static StrategyResult row(JsonNode r) {
        Tally<Outcome> outcomes = new Tally<>(Outcome.class);
        r.get("outcomes").fields().forEachRemaining(e -> {
            outcomes.add(Outcome.valueOf(e.getKey().toUpperCase(Locale.ROOT)), e.getValue().asLong());
        });
        Tally<DbError> errors = new Tally<>(DbError.class);
        r.get("db_errors").fields().forEachRemaining(e -> {
            errors.add(DbError.valueOf(e.getKey().toUpperCase(Locale.ROOT)), e.getValue().asLong());
        });
        long[] retries = new long[33];
        r.path("retries").path("per_call").fields().forEachRemaining(
                e -> retries[Math.min(32, Integer.parseInt(e.getKey()))] = e.getValue().asLong());
        Latency latency = Latency.of(Latency.decode(need(r.get("histogram"), "success")),
                Latency.decode(need(r.get("histogram"), "failure")));
        JsonNode v = r.get("verification");
        List<String> problems = new ArrayList<>();
        v.path("problems").forEach(p -> problems.add(p.asText()));
        Verification ver = new Verification(v.get("passed").asBoolean(), v.path("problem_count").asLong(), problems,
                v.path("rows").asLong(), v.path("keys_raced").asLong(), v.path("ids_skipped").asLong());
        Map<Outcome, List<String>> samples = new EnumMap<>(Outcome.class);
        r.path("samples").fields().forEachRemaining(e -> {
            List<String> list = new ArrayList<>();
            e.getValue().forEach(x -> list.add(x.asText()));
            samples.put(Outcome.valueOf(e.getKey().toUpperCase(Locale.ROOT)), list);
        });
        return new StrategyResult(r.path("database").asText(""), r.path("product").asText(""),
                r.path("server_version").asText(""), need(r, "strategy"), r.path("summary").asText(""),
                need(r, "isolation"), r.path("prior_read").asBoolean(false), r.get("threads").asInt(),
                r.path("mode").asText("rounds"), r.get("rounds").asLong(), r.get("calls").asLong(), outcomes, errors,
                retries, latency, r.has("wall_ns") ? r.get("wall_ns").asLong() : r.path("wall_ms").asLong() * 1_000_000,
                r.path("first_anomaly_ms").isNumber() ? Math.round(r.get("first_anomaly_ms").asDouble() * 1e6) : -1,
                ver, samples);
    }
}
