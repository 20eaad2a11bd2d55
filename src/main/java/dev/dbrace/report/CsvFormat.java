package dev.dbrace.report;

import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.StrategyResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code summary.csv}: one row per strategy, isolation and database; columns as in the JSON, flattened. */
public final class CsvFormat implements ResultFormat {

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        List<String> head = new ArrayList<>(List.of("database", "product", "server_version", "strategy", "isolation", "settings",
                "prior_read", "threads", "mode", "rounds", "calls"));
        for (Outcome o : Outcome.values()) {
            head.add(o.key());
        }
        for (DbError e : DbError.values()) {
            head.add("db_error_" + e.key());
        }
        head.add("db_errors_complete");
        head.addAll(List.of("p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us", "throughput_ops_s",
                "retries", "verified", "problems", "ids_skipped", "verdict"));
        out.write(String.join(",", head) + "\n");
        for (StrategyResult r : report.results()) {
            List<String> row = new ArrayList<>(List.of(r.database(), r.server().product(), r.server().version(), r.strategy(),
                    r.isolation(), String.join(";", r.setup().settings().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).toList()), String.valueOf(r.setup().priorRead()), String.valueOf(r.threads()), r.setup().mode(),
                    String.valueOf(r.counts().rounds()), String.valueOf(r.calls())));
            for (Outcome o : Outcome.values()) {
                row.add(String.valueOf(r.outcomes().get(o)));
            }
            for (DbError e : DbError.values()) {
                row.add(String.valueOf(r.counts().dbErrors().get(e)));
            }
            row.add(String.valueOf(r.counts().dbErrorsComplete()));
            LatencySummary l = LatencySummary.of(r.latency().all());
            row.addAll(List.of(String.valueOf(l.p50()), String.valueOf(l.p90()), String.valueOf(l.p99()),
                    String.valueOf(l.p999()), String.valueOf(l.max()), String.format(Locale.ROOT, "%.1f", l.mean()),
                    String.format(Locale.ROOT, "%.1f", r.throughput()), String.valueOf(r.counts().retries().total()),
                    String.valueOf(r.verification().passed()), String.valueOf(r.verification().problemCount()),
                    String.valueOf(r.verification().idsSkipped()), r.verdict().name().toLowerCase(Locale.ROOT)));
            List<String> quoted = new ArrayList<>();
            for (String cell : row) {
                quoted.add(quote(cell));
            }
            out.write(String.join(",", quoted) + "\n");
        }
        out.flush();
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
