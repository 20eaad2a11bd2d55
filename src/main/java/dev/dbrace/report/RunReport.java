package dev.dbrace.report;

import dev.dbrace.race.StrategyResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run of dbrace: what was asked, what was reached, and a result per strategy raced.
 *
 * @param config  the run's settings as reported (passwords already masked)
 * @param skipped strategies the target could not express, with the reason
 * @param partial true when the run was interrupted before every strategy finished
 */
public record RunReport(String version, Instant startedAt, Map<String, Object> config, String target,
                        String product, String serverVersion, List<StrategyResult> results,
                        Map<String, String> skipped, boolean partial) {

    /** True when every strategy's table matched what its callers were told. */
    public boolean allVerified() {
        return results.stream().allMatch(r -> r.verification().passed());
    }
}
