package dev.dbrace.api;

import dev.dbrace.check.Expectation;
import dev.dbrace.check.Judgement;
import dev.dbrace.db.Settings;
import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one race measured: one strategy or piece of your code, at one isolation level, on one
 * database. The same numbers every report shows; {@link #model()} is the report model itself.
 */
public final class Result {

    private final StrategyResult r;
    private final RunReport report;

    Result(StrategyResult r, RunReport report) {
        this.r = r;
        this.report = report;
    }

    /** The strategy's name, or your code's. */
    public String name() {
        return r.strategy();
    }

    /** The level the race ran at, read back from the server. */
    public String isolation() {
        return r.isolation();
    }

    public String database() {
        return r.database() + " (" + r.server().product() + " " + r.server().version() + ")";
    }

    public long calls() {
        return r.calls();
    }

    /** Calls that ended in {@code outcome}: created, found, does_not_exist, integrity_error, deadlock, … */
    public long count(String outcome) {
        return r.outcomes().get(Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
    }

    /** Every outcome with its count. */
    public Map<String, Long> outcomes() {
        Map<String, Long> m = new LinkedHashMap<>();
        r.outcomes().asMap().forEach((o, n) -> m.put(o.key(), n));
        return m;
    }

    /** Database errors raised during the calls, handled or not, by kind. */
    public Map<String, Long> dbErrors() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Map.Entry<DbError, Long> e : r.counts().dbErrors().asMap().entrySet()) {
            m.put(e.getKey().key(), e.getValue());
        }
        return m;
    }

    /** False when some calls ran on connections dbrace did not hand out, whose handled errors it cannot see. */
    public boolean dbErrorsComplete() {
        return r.counts().dbErrorsComplete();
    }

    /** {@code safe}, {@code racy}, {@code errors} or {@code unraced}. */
    public String verdict() {
        return r.verdict().name().toLowerCase(Locale.ROOT);
    }

    /** True when the table matched what every caller was told. */
    public boolean verified() {
        return r.verification().passed();
    }

    public List<String> problems() {
        return r.verification().problems();
    }

    /** The first messages of each failing outcome, as the callers saw them. */
    public Map<String, List<String>> samples() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        r.counts().samples().forEach((o, l) -> m.put(o.key(), List.copyOf(l)));
        return m;
    }

    public double p50Ms() {
        return LatencySummary.of(r.latency().all()).p50() / 1000.0;
    }

    public double p99Ms() {
        return LatencySummary.of(r.latency().all()).p99() / 1000.0;
    }

    public double throughputPerSecond() {
        return r.throughput();
    }

    /** The report model behind these numbers (internal, and subject to change). */
    public StrategyResult model() {
        return r;
    }

    /** dbrace's console report of this race: the outcome table with samples, errors, latency, verification, summary. */
    public String summary() {
        StringWriter w = new StringWriter();
        try {
            new TextFormat(true).write(new RunReport(report.version(), report.startedAt(), report.config(),
                    report.targets(), List.of(r), List.of(), false), w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Asserts that no caller saw the race: no failing outcome at all, a verified table, and a real race
     * (two threads or more).
     *
     * @throws AssertionError with the counts that break it and dbrace's summary
     */
    public Result assertSafe() {
        return assertThat(Expectation.Claim.SAFE);
    }

    /**
     * Asserts that the race was reproduced (DoesNotExist or IntegrityError reached a caller) and the
     * table verified: for tests that document a known race.
     */
    public Result assertRacy() {
        return assertThat(Expectation.Claim.RACY);
    }

    private Result assertThat(Expectation.Claim claim) {
        Expectation e = new Expectation(name(), null, null, Settings.NONE, claim, Map.of(), null, null, 0);
        Judgement j = Judgement.of(e, r);
        if (!j.held()) {
            throw new AssertionError(name() + " at " + isolation() + " on " + database() + " is not "
                    + claim.name().toLowerCase(Locale.ROOT) + ":\n  " + String.join("\n  ", j.failures())
                    + "\n\n" + summary());
        }
        return this;
    }

    @Override
    public String toString() {
        return name() + " at " + isolation() + ": " + calls() + " calls, " + verdict();
    }
}
