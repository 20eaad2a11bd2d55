package dev.dbrace.race;

import java.util.Locale;

/**
 * How one (strategy, isolation level, database) of a campaign ended. Whether it ran is this status;
 * how it graded is its result's verdict, kept apart.
 *
 * @param what   "naive at repeatable-read on embedded-mariadb"
 * @param reason why it was not raced to the end; empty when {@link Status#RACED}
 * @param result what was measured: present when raced, and for an interrupted run the verified
 *               part that completed; null otherwise
 */
public record StrategyRun(String strategy, String isolation, String database, Status status, String reason,
                          StrategyResult result) {

    /** How a strategy run ended. */
    public enum Status {
        /** Raced to the end and verified. */
        RACED,
        /** Not raced: the server cannot express it. */
        SKIPPED,
        /** Could not be raced or completed (an error outside the race); the campaign went on. */
        FAILED,
        /** Stopped by Ctrl-C, SIGTERM or a server that went away; the campaign stopped too. */
        ABORTED,
        /**
         * Stopped because its callers broke: the user's worker exited, hung or broke the protocol. The
         * campaign stopped too; the calls made before it are verified and kept, if there were any.
         */
        BROKEN,
        /** Never started: the campaign had stopped before its turn (Ctrl-C, a lost or unusable database). */
        NOT_STARTED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static StrategyRun raced(StrategyResult r) {
        return new StrategyRun(r.strategy(), r.isolation(), r.database(), Status.RACED, "", r);
    }

    /** "naive at repeatable-read on embedded-mariadb" (no level for a strategy at the default). */
    public String what() {
        return strategy + (isolation == null || isolation.isEmpty() ? "" : " at " + isolation) + " on " + database;
    }
}
