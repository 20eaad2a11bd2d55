package dev.dbrace.check;

import dev.dbrace.explain.Exploration;
import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.PerRound;
import dev.dbrace.outcome.Verdict;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.race.StrategyRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Holds one {@link StrategyResult} against one {@link Expectation}.
 *
 * @param result   null when the strategy was not raced
 * @param failures why the expectation did not hold, each with the counts that show it; empty when it held
 */
public record Judgement(Expectation expectation, StrategyResult result, List<String> failures, List<String> notes) {

    public Judgement(Expectation expectation, StrategyResult result, List<String> failures) {
        this(expectation, result, failures, List.of());
    }

    /**
     * This judgement held against an exhaustive exploration of two sessions ({@code explore: true}): a {@code safe}
     * claim fails when some interleaving lets an anomaly through, or when the exploration was cut; an outcome the
     * race saw and the exploration did not is a finding; one only the exploration found is "possible, not seen".
     */
    public Judgement explored(Exploration x) {
        List<String> f = new ArrayList<>(failures);
        List<String> n = new ArrayList<>(notes);
        if (!x.complete()) {
            f.add((x.extent() == Exploration.Extent.DIVERGED ? "the exploration's replays diverged in " + x.diverged()
                    + " runs" : "the exploration was cut after " + x.explored() + " interleavings")
                    + ": it is incomplete, and a claim that relies on it cannot hold");
        }
        if (expectation.claim() == Expectation.Claim.SAFE) {
            for (Exploration.Pair p : x.pairs()) {
                if (p.outcomes().stream().anyMatch(Outcome::isRaceAnomaly)) {
                    f.add("expected safe, but exploration finds " + p.key() + " possible, in " + p.interleavings()
                            + " of " + x.explored() + " interleavings of " + x.sessions() + " sessions");
                }
            }
        }
        if (result != null) {
            Agreement a = Agreement.of(result, x);
            for (Outcome o : a.findings()) {
                n.add("finding: the race saw " + o.key() + ", which no interleaving of " + x.sessions() + " sessions "
                        + "gives (more sessions, or something the model misses)");
            }
            for (Outcome o : a.unseen()) {
                n.add("possible, not seen in " + result.counts().rounds() + " rounds: " + o.key());
            }
        }
        n.add("explored " + x.explored() + " interleavings of " + x.sessions() + " sessions"
                + (x.complete() ? ", all there are" : ""));
        return new Judgement(expectation, result, List.copyOf(f), List.copyOf(n));
    }

    public boolean held() {
        return failures.isEmpty();
    }

    /** Judges a run of a campaign: one that was not raced to the end cannot hold. */
    public static Judgement of(Expectation e, StrategyRun run) {
        if (run.result() == null) {
            return new Judgement(e, null, List.of("not raced (" + run.status().key() + "): " + run.reason()));
        }
        Judgement j = of(e, run.result());
        if (run.status() == StrategyRun.Status.RACED) {
            return j;
        }
        List<String> f = new ArrayList<>(j.failures());
        f.add(0, "not raced to the end (" + run.status().key() + "): " + run.reason());
        return new Judgement(e, run.result(), List.copyOf(f), j.notes());
    }

    public static Judgement of(Expectation e, StrategyResult r) {
        List<String> f = new ArrayList<>();
        String of = " of " + r.calls() + " calls";
        if (!r.verification().passed()) {
            f.add("verification failed with " + r.verification().problemCount() + " problems: "
                    + String.join("; ", r.verification().problems()));
        }
        if (e.claim() == Expectation.Claim.SAFE) {
            for (Outcome o : Outcome.values()) {
                long n = r.outcomes().get(o);
                long limit = e.allow().getOrDefault(o, 0L);
                if (!o.isSuccess() && n > limit) {
                    f.add("expected safe, but " + n + of + " ended in " + o.key()
                            + (limit > 0 ? " (allowed: " + limit + ")" : ""));
                }
            }
            if (e.minRounds() != null && r.counts().rounds() < e.minRounds()) {
                f.add("expected safe over at least " + e.minRounds() + " rounds, but " + r.counts().rounds()
                        + (r.setup().mode().equals("rounds") ? " rounds were raced" : " calls per thread were made (hot-key mode has no rounds)")
                        + ": a clean run that short rules out escapes only down to "
                        + String.format(Locale.ROOT, "%.2g", PerRound.noneSeenBound(r.counts().rounds()))
                        + " per round");
            }
            if (r.verdict() == Verdict.UNRACED) {
                f.add("expected safe, but with " + r.threads() + " thread no race took place: nothing was proven");
            }
        } else {
            long anomalies = r.outcomes().get(Outcome.DOES_NOT_EXIST) + r.outcomes().get(Outcome.INTEGRITY_ERROR);
            if (anomalies == 0) {
                f.add("expected racy, but no does_not_exist or integrity_error in " + r.calls() + " calls ("
                        + r.threads() + " threads, " + r.counts().rounds() + " rounds): the anomaly was not reproduced, so this "
                        + "run does not prove the race is caught");
            }
        }
        LatencySummary lat = LatencySummary.of(r.latency().all());
        if (e.maxP99Ms() != null && lat.p99() / 1000.0 > e.maxP99Ms()) {
            f.add(String.format(Locale.ROOT, "p99 latency %.2f ms is over the limit of %s ms", lat.p99() / 1000.0,
                    trim(e.maxP99Ms())));
        }
        if (e.minOpsPerS() != null && r.throughput() < e.minOpsPerS()) {
            f.add(String.format(Locale.ROOT, "throughput %.0f calls/s is under the floor of %s calls/s", r.throughput(),
                    trim(e.minOpsPerS())));
        }
        return new Judgement(e, r, List.copyOf(f), List.of());
    }

    /**
     * What a held {@code safe} claim rules out: "0 escapes in 2000 rounds: below 0.0015 per round at 95 %";
     * empty for other claims.
     */
    public String bound() {
        if (expectation.claim() != Expectation.Claim.SAFE || result == null || !held()
                || !result.setup().mode().equals("rounds")) {
            return "";
        }
        long rounds = result.counts().rounds();
        long escaped = 0;
        for (Outcome o : Outcome.values()) {
            escaped += o.expect() == Outcome.Expect.FORBIDDEN ? result.counts().roundsWith().get(o) : 0;
        }
        return escaped > 0 ? "" : String.format(Locale.ROOT, "0 escapes in %d rounds: below %.2g per round at 95 %%",
                rounds, PerRound.noneSeenBound(rounds));
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
