package dev.dbrace.report;

import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.PerRound;
import dev.dbrace.outcome.Samples;
import dev.dbrace.outcome.Tally;
import dev.dbrace.outcome.Verdict;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.race.StrategyRun;
import dev.dbrace.verify.Verification;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console report: per strategy a jcstress-style block (RESULT / SAMPLES / FREQ / EXPECT /
 * DESCRIPTION, the database errors, latency, verification), then one summary table with a row per
 * strategy, printed last so that it is what stays on the screen.
 */
public final class TextFormat implements ResultFormat {

    private final boolean details;

    public TextFormat(boolean details) {
        this.details = details;
    }

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        StringBuilder b = new StringBuilder();
        if (details) {
            for (StrategyResult r : report.results()) {
                block(b, r);
            }
        }
        for (StrategyRun run : report.notRaced()) {
            b.append(run.status().key()).append(' ').append(run.what()).append(": ").append(run.reason()).append('\n');
        }
        b.append('\n').append("dbrace ").append(report.version()).append(" on ");
        for (int i = 0; i < report.targets().size(); i++) {
            RunReport.TargetInfo t = report.targets().get(i);
            b.append(i == 0 ? "" : ", ").append(t.name()).append(" (").append(t.product()).append(' ')
                    .append(t.version()).append(')');
        }
        if (Boolean.TRUE.equals(report.config().get("prior_read"))) {
            b.append(", with a prior read in every transaction");
        }
        b.append(report.partial() ? "  — PARTIAL: " + report.partialReason() : "").append('\n');
        summary(b, report.results(), report.targets().size() > 1);
        out.write(b.toString());
        out.flush();
    }

    /** The summary table alone; with a DATABASE column when more than one database was raced. */
    static void summary(StringBuilder b, List<StrategyResult> results, boolean withDatabase) {
        int dbWidth = 8;
        int conditionWidth = 16;
        for (StrategyResult r : results) {
            dbWidth = Math.max(dbWidth, r.database().length());
            conditionWidth = Math.max(conditionWidth, r.condition().length());
        }
        String db = withDatabase ? "%-" + dbWidth + "s  " : "%s";
        String fmt = db + "%-20s %-" + conditionWidth + "s %8s %8s %8s  %-26s %8s %8s %8s %9s  %s%n";
        b.append(String.format(Locale.ROOT, fmt, withDatabase ? "DATABASE" : "", "STRATEGY", "ISOLATION", "CALLS",
                "CREATED", "FOUND", "ANOMALIES", "p50 ms", "p99 ms", "max ms", "ops/s", "VERDICT"));
        for (StrategyResult r : results) {
            LatencySummary all = LatencySummary.of(r.latency().all());
            b.append(String.format(Locale.ROOT, fmt, withDatabase ? r.database() : "", r.strategy(), r.condition(), r.calls(),
                    r.outcomes().get(Outcome.CREATED), r.outcomes().get(Outcome.FOUND), anomalies(r),
                    ms(all.p50()), ms(all.p99()), ms(all.max()), String.format(Locale.ROOT, "%.0f", r.throughput()),
                    r.verdict()));
        }
    }

    /** "1155 does_not_exist", "3 deadlock +2 more", or "-". */
    static String anomalies(StrategyResult r) {
        Outcome worst = Verdict.commonestAnomaly(r.outcomes());
        if (worst == null) {
            return "-";
        }
        int kinds = Verdict.anomalyKinds(r.outcomes());
        String s = r.outcomes().get(worst) + " " + worst.key();
        return kinds > 1 ? s + " +" + (kinds - 1) + " more" : s;
    }

    private static void block(StringBuilder b, StrategyResult r) {
        b.append('\n').append(r.strategy()).append("  [").append(r.database()).append(", ").append(r.condition())
                .append(r.setup().priorRead() ? " + prior read" : "").append(", ")
                .append(r.threads()).append(" threads, ").append(r.setup().mode()).append(", ").append(r.counts().rounds())
                .append(r.setup().mode().equals("rounds") ? " rounds" : " calls/thread").append("]  ")
                .append(r.setup().summary()).append('\n');
        String fmt = "  %-22s %9s %8s  %-12s %s%n";
        b.append(String.format(Locale.ROOT, fmt, "RESULT", "SAMPLES", "FREQ", "EXPECT", "DESCRIPTION"));
        for (Outcome o : Outcome.values()) {
            long n = r.outcomes().get(o);
            if (n == 0 && !o.isSuccess()) {
                continue;
            }
            b.append(String.format(Locale.ROOT, fmt, o.key(), n, pct(n, r.calls()), o.expect(), o.description()));
        }
        perRound(b, r);
        String errs = counts(r.counts().dbErrors());
        if (r.counts().dbErrorsComplete()) {
            b.append("  database errors raised:").append(errs.isEmpty() ? " none" : errs).append('\n');
        } else {
            b.append("  database errors that escaped to the caller:").append(errs.isEmpty() ? " none" : errs)
                    .append("; handled inside calls: not reported by the worker\n");
        }
        if (!errs.isEmpty()) {
            b.append("    by step:");
            r.counts().errors().bySteps().forEach((step, t) -> b.append("  ").append(step).append(counts(t)));
            b.append('\n');
        }
        SpreadText.append(b, r);
        FailoverText.append(b, r);
        StrategyResult.Alignment aligned = r.setup().alignment();
        if (!aligned.at().equals("free")) {
            b.append("  aligned at ").append(aligned.at()).append(": ").append(aligned.aligned())
                    .append(" calls passed it with their whole round, ").append(aligned.unaligned())
                    .append(" did not (a lock held them past the bound, or they never reached it)\n");
        }
        if (r.counts().retries().total() > 0) {
            b.append("  retries: ").append(r.counts().retries().total()).append(" in all, at most ").append(r.counts().retries().max())
                    .append(" for one call\n");
        }
        latency(b, "ok", LatencySummary.of(r.latency().success()));
        latency(b, "failed", LatencySummary.of(r.latency().failure()));
        if (r.timing().clientCpuNanos() > 0) {
            b.append(String.format(Locale.ROOT, "  client CPU: %.0f µs per call (dbrace's whole process, %.0f calls/s)%n",
                    r.timing().clientCpuUsPerCall(r.calls()), r.throughput()));
        }
        Verification v = r.verification();
        b.append("  verification: ").append(v.passed() ? "passed" : "FAILED (" + v.problemCount() + " problems)")
                .append(" — ").append(v.rows()).append(" rows for ").append(v.keysRaced()).append(" keys raced, ")
                .append(v.idsSkipped()).append(" auto-increment ids skipped\n");
        for (String p : v.problems()) {
            b.append("    ! ").append(p).append('\n');
        }
        v.diagnoses().forEach(d -> d.lines().forEach(line -> b.append("    ? ").append(line).append('\n')));
        r.counts().samples().forEach((o, list) -> {
            for (int i = 0; i < list.size(); i++) {
                if (i == 0) {
                    whole(b, o.key(), list.get(i));
                } else {
                    b.append("    ").append(o.key()).append(": ").append(oneLine(list.get(i))).append('\n');
                }
            }
        });
    }

    /** An outcome's first sample, whole: its message, then each of the call's statements on lines of its own, wrapped. */
    private static void whole(StringBuilder b, String outcome, String sample) {
        int at = sample.indexOf(Samples.STATEMENTS);
        String message = at < 0 ? sample : sample.substring(0, at);
        wrap(b, "    " + outcome + ": ", "      ", message.replace('\n', ' '));
        if (at >= 0) {
            b.append("      the call's statements:\n");
            for (String st : sample.substring(at + Samples.STATEMENTS.length()).split(Pattern.quote(Samples.BETWEEN))) {
                wrap(b, "        ", "            ", st);
            }
        }
    }

    /** {@code text} after {@code first}, wrapped at {@link #WIDTH} columns with {@code rest} before each further line. */
    private static void wrap(StringBuilder b, String first, String rest, String text) {
        String indent = first;
        String left = text;
        while (indent.length() + left.length() > WIDTH) {
            int room = WIDTH - indent.length();
            int cut = left.lastIndexOf(' ', room);
            if (cut <= room / 2) {
                cut = room;
            }
            b.append(indent).append(left, 0, cut).append('\n');
            left = left.substring(cut).stripLeading();
            indent = rest;
        }
        b.append(indent).append(left).append('\n');
    }

    /**
     * The outcomes whose rate per round reports show: in round mode, every failing outcome a round saw, and the
     * race's own anomalies (DoesNotExist, IntegrityError) even when none was seen, with the bound that clears them.
     */
    static List<Outcome> perRoundShown(StrategyResult r) {
        List<Outcome> shown = new ArrayList<>();
        if (!r.setup().mode().equals("rounds") || r.counts().roundsWith().total() == 0) {
            return shown;
        }
        for (Outcome o : Outcome.values()) {
            if (!o.isSuccess() && (o.isRaceAnomaly() || r.counts().roundsWith().get(o) > 0)) {
                shown.add(o);
            }
        }
        return shown;
    }

    /** "per round, 95 % CI over 500 rounds: does_not_exist 0.982 [0.966, 0.991]; integrity_error 0 [0, 0.006]". */
    private static void perRound(StringBuilder b, StrategyResult r) {
        List<Outcome> shown = perRoundShown(r);
        if (shown.isEmpty()) {
            return;
        }
        b.append("  rounds with the outcome, 95 % CI over ").append(r.counts().rounds()).append(" rounds:");
        String sep = " ";
        for (Outcome o : shown) {
            PerRound.Interval i = r.counts().perRound(o);
            b.append(sep).append(o.key()).append(' ').append(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.rate(), i.low(), i.high()));
            sep = "; ";
        }
        b.append('\n');
    }

    /** " duplicate_key=12 deadlock=3": the non-zero counts, or "" when none. */
    static String counts(Tally<DbError> t) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<DbError, Long> e : t.asMap().entrySet()) {
            if (e.getValue() > 0) {
                s.append(' ').append(e.getKey().key()).append('=').append(e.getValue());
            }
        }
        return s.toString();
    }

    private static void latency(StringBuilder b, String label, LatencySummary s) {
        if (s.count() == 0) {
            return;
        }
        b.append(String.format(Locale.ROOT,
                "  latency %-6s ms: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %s  (%d calls)%n", label,
                ms(s.p50()), ms(s.p90()), ms(s.p99()), ms(s.p999()), ms(s.max()), ms((long) s.mean()), s.count()));
    }

    /** Where the first sample of each outcome is wrapped. */
    private static final int WIDTH = 110;

    private static String oneLine(String m) {
        String s = m.replace('\n', ' ');
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    static String pct(long n, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * n / total);
    }
}
