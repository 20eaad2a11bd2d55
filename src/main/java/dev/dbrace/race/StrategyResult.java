package dev.dbrace.race;

import dev.dbrace.measure.Latency;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Tally;
import dev.dbrace.outcome.Verdict;
import dev.dbrace.verify.Verification;
import java.util.List;
import java.util.Map;

/**
 * Everything measured for one strategy on one target.
 *
 * @param database   the target as the user named it ({@code embedded-mariadb}, a masked URL, …)
 * @param isolation  the level read back from a worker's session (not the one asked for)
 * @param retriesPerCall index i counts the calls that needed i retries
 * @param firstAnomalyNanos from the start to the first DoesNotExist or IntegrityError; -1 when none
 * @param rounds     keys raced in round mode; calls per thread in hot-key mode
 * @param wallNanos  from the moment all threads were released to the moment the last one stopped
 */
public record StrategyResult(String database, String product, String serverVersion, String strategy, String summary,
                             String isolation, boolean priorRead, int threads, String mode,
                             long rounds, long calls, Tally<Outcome> outcomes, Tally<DbError> dbErrors,
                             long[] retriesPerCall, Latency latency, long wallNanos, long firstAnomalyNanos,
                             Verification verification,
                             Map<Outcome, List<String>> samples) {

    /** Retries made over all calls. */
    public long retries() {
        long n = 0;
        for (int i = 1; i < retriesPerCall.length; i++) {
            n += i * retriesPerCall[i];
        }
        return n;
    }

    /** The most retries any one call needed. */
    public int maxRetries() {
        for (int i = retriesPerCall.length - 1; i > 0; i--) {
            if (retriesPerCall[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    public double throughput() {
        return wallNanos == 0 ? 0 : calls * 1e9 / wallNanos;
    }

    public Verdict verdict() {
        return Verdict.of(outcomes, verification.passed(), threads);
    }

    /** Calls whose outcome was not created/found. */
    public long anomalies() {
        long n = 0;
        for (Outcome o : Outcome.values()) {
            if (!o.isSuccess()) {
                n += outcomes.get(o);
            }
        }
        return n;
    }
}
