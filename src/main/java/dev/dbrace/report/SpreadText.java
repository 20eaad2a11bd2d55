package dev.dbrace.report;

import dev.dbrace.db.GaleraCounters;
import dev.dbrace.measure.LatencySummary;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.ReplicationLag;
import dev.dbrace.race.StrategyResult;
import java.util.Locale;

/** The text report's lines for a race on several servers: one per node, the cluster's own counters, the lag. */
final class SpreadText {

    private SpreadText() {
    }

    static void append(StringBuilder b, StrategyResult r) {
        StrategyResult.Spread spread = r.spread();
        for (StrategyResult.NodeCounts n : spread.nodes()) {
            b.append(String.format(Locale.ROOT, "  node %s  [%s, %s, cluster of %d, %d threads]", n.server(), n.id(),
                    n.role(), n.clusterSize(), n.threads()));
            if (n.threads() > 0) {
                b.append(" created=").append(n.outcomes().get(Outcome.CREATED)).append(" found=")
                        .append(n.outcomes().get(Outcome.FOUND)).append(" anomalies=").append(anomalies(n));
            }
            n.counters().forEach((k, v) -> b.append(' ').append(k).append("+=").append(v));
            b.append('\n');
        }
        if (spread.nodes().stream().anyMatch(n -> !n.counters().isEmpty())) {
            b.append(reconciliation(r)).append('\n');
        }
        ReplicationLag lag = spread.lag();
        if (lag.measured()) {
            LatencySummary s = LatencySummary.of(lag.lagUs());
            b.append(String.format(Locale.ROOT, "  replication lag to %s, ms (COMMIT returned → row visible): p50 %s  p90 %s  "
                    + "p99 %s  max %s  (%d rows", lag.readServer(), TextFormat.ms(s.p50()), TextFormat.ms(s.p90()),
                    TextFormat.ms(s.p99()), TextFormat.ms(s.max()), s.count()));
            b.append(lag.unseen() > 0 ? ", " + lag.unseen() + " not seen" : "")
                    .append(", one look took ").append(TextFormat.ms(lag.pollUs())).append(" ms").append(')')
                    .append(lag.failure().isEmpty() ? "" : "; the watch stopped: " + lag.failure()).append('\n');
        }
    }

    private static long anomalies(StrategyResult.NodeCounts n) {
        long a = 0;
        for (Outcome o : Outcome.values()) {
            a += o.isSuccess() ? 0 : n.outcomes().get(o);
        }
        return a;
    }

    /**
     * dbrace's count of certification failures (1213 at COMMIT) and of 1213s at earlier steps (brute-force aborts)
     * beside the servers' own counters.
     */
    static String reconciliation(StrategyResult r) {
        long certAtCommit = r.counts().dbErrors().get(DbError.CERTIFICATION_FAILURE);
        long deadlocks = r.counts().dbErrors().get(DbError.DEADLOCK);
        return String.format(Locale.ROOT, "  cluster: dbrace saw 1213 at COMMIT %d times (certification_failure) and "
                        + "before COMMIT %d times (deadlock); the nodes counted %s=%d, %s=%d, %s=%d (a brute-force abort "
                        + "can also strike at COMMIT, or a transaction that only rolls back)", certAtCommit, deadlocks,
                GaleraCounters.CERT_FAILURES, r.spread().counter(GaleraCounters.CERT_FAILURES),
                GaleraCounters.BF_ABORTS, r.spread().counter(GaleraCounters.BF_ABORTS),
                GaleraCounters.REPLAYS, r.spread().counter(GaleraCounters.REPLAYS));
    }
}
