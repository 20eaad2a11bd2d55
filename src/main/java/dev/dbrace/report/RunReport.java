package dev.dbrace.report;

import dev.dbrace.db.EmbeddedBinaries;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.race.StrategyRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run of dbrace: what was asked, which servers were reached, and a result per strategy,
 * isolation level and database raced.
 *
 * @param config  the run's settings as reported (passwords already masked)
 * @param notRaced the (strategy, level, database) entries that were skipped, failed or aborted, with why
 * @param partial true when the run was interrupted before every strategy finished
 */
public record RunReport(String version, Instant startedAt, Map<String, Object> config, List<TargetInfo> targets,
                        List<StrategyResult> results, List<StrategyRun> notRaced, boolean partial) {

    /** A database the run reached, as the server described itself. */
    public record TargetInfo(String name, String product, String version) {
    }

    /**
     * Why the run is partial: the reason of the first entry that a stop cut short or left unstarted
     * (Ctrl-C, a server that went away, a database that could not be used); empty when not partial.
     */
    public String partialReason() {
        if (!partial) {
            return "";
        }
        return notRaced.stream()
                .filter(r -> r.status() == StrategyRun.Status.ABORTED || r.status() == StrategyRun.Status.BROKEN
                        || r.status() == StrategyRun.Status.NOT_STARTED)
                .map(StrategyRun::reason).findFirst().orElse("not every strategy was raced to the end");
    }

    /** True when every strategy's table matched what its callers were told. */
    public boolean allVerified() {
        return results.stream().allMatch(r -> r.verification().passed());
    }

    /** dbrace's version, as Maven wrote it into {@code version.properties}. */
    public static String dbraceVersion() {
        return EmbeddedBinaries.version();
    }
}
