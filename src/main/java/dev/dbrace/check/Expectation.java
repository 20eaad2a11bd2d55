package dev.dbrace.check;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.worker.WorkerTable;
import java.util.Map;

/**
 * One line of an expectations file: a strategy (at an isolation level) must be {@code safe} or must
 * be shown {@code racy}, optionally within latency and throughput limits.
 *
 * @param strategy   the strategy's name, or the worker's
 * @param worker     the worker's command; null for one of dbrace's strategies
 * @param isolation  null for the server's default
 * @param settings   the server settings it races with ({@code settings:} in the file)
 * @param allow      failing outcomes a {@code safe} strategy may still show, with their limits
 * @param maxP99Ms   the p99 latency limit in milliseconds, or null
 * @param minOpsPerS the throughput floor, or null
 * @param minRounds  with {@code safe}: the rounds a run must race before its "safe" counts, or null
 * @param explore    also run {@code explain --all} (two sessions): a {@code safe} claim then fails when some
 *                   interleaving lets an anomaly through, even if the race did not hit it
 * @param table      the team's own table the worker or Java class races and is explored on; null for dbrace's
 * @param line       where it stands in the file, for messages
 */
public record Expectation(String strategy, String worker, Isolation isolation, Settings settings,
                          Claim claim, Map<Outcome, Long> allow, Double maxP99Ms, Double minOpsPerS, Long minRounds,
                          boolean explore, WorkerTable table, int line) {

    public Expectation(String strategy, String worker, Isolation isolation, Settings settings,
                       Claim claim, Map<Outcome, Long> allow, Double maxP99Ms, Double minOpsPerS, int line) {
        this(strategy, worker, isolation, settings, claim, allow, maxP99Ms, minOpsPerS, null, false, null, line);
    }

    /** What the entry claims of the strategy (not to be confused with a run's {@link dev.dbrace.outcome.Verdict}). */
    public enum Claim {
        /** No anomaly may reach a caller (beyond what {@code allow} lists), and verification must pass. */
        SAFE,
        /** The race must be reproduced (DoesNotExist or IntegrityError), proving the run really raced. */
        RACY
    }

    /** "naive at repeatable-read", "upsert at the default isolation". */
    public String describe() {
        return strategy + " at " + (isolation == null ? "the default isolation" : isolation.key())
                + (settings.isEmpty() ? "" : " with " + settings.describe());
    }

    /** True when {@link #strategy} names the team's Java class (from {@code check --strategy-jar}), not one of dbrace's. */
    public boolean javaCode() {
        return worker == null && Strategies.isClassName(strategy);
    }
}
