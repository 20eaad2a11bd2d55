package dev.dbrace.race;

import dev.dbrace.db.Settings;
import dev.dbrace.measure.Latency;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.PerRound;
import dev.dbrace.outcome.RetryCounts;
import dev.dbrace.outcome.Swimlane;
import dev.dbrace.outcome.Tally;
import dev.dbrace.outcome.Verdict;
import dev.dbrace.verify.Verification;
import java.util.List;
import java.util.Map;

/**
 * Everything measured for one strategy on one target, in five parts: where it ran, how it was set
 * up, what was counted, how long calls took, and what the table said afterwards.
 */
public record StrategyResult(Server server, Setup setup, Counts counts, Timing timing, Verification verification,
                             Spread spread, Failover failover) {

    /** A result on one server: nothing spread. */
    public StrategyResult(Server server, Setup setup, Counts counts, Timing timing, Verification verification) {
        this(server, setup, counts, timing, verification, Spread.NONE, Failover.NONE);
    }

    /** A result with no fault struck. */
    public StrategyResult(Server server, Setup setup, Counts counts, Timing timing, Verification verification,
                          Spread spread) {
        this(server, setup, counts, timing, verification, spread, Failover.NONE);
    }

    /**
     * What a fault did to a race ({@code --fault}): when it struck and when the cluster served again, the history
     * check's counts by window ({@link dev.dbrace.verify.HistoryCheck}), and calls per second over the race.
     * Times are milliseconds from the first call's start.
     *
     * @param fault    the plan, as {@code --fault} gave it; "" in {@link #NONE}
     * @param node     the node it struck; "" when it did not strike
     * @param note     why it did not strike, or that no call succeeded within the failover's bound; "" otherwise
     * @param struckMs when it struck; -1 when it did not
     * @param healedMs when the first call that began after the strike succeeded; -1 when none did
     * @param counts   the history check's counts: kind ({@code lost_create}, {@code created_twice}, {@code found_gone},
     *                 {@code unknown}) to window ({@code before}, {@code during}, {@code after}) to count
     * @param calls    answered calls by window
     * @param findings the first findings, one line each
     * @param timeline calls answered in each second of the race, ok and failed
     */
    public record Failover(String fault, String node, String note, long struckMs, long healedMs,
                           Map<String, Map<String, Long>> counts, Map<String, Long> calls, List<String> findings,
                           List<Second> timeline) {

        public static final Failover NONE = new Failover("", "", "", -1, -1, Map.of(), Map.of(), List.of(), List.of());

        public boolean struck() {
            return !node.isEmpty();
        }

        /** The count of one kind over every window. */
        public long count(String kind) {
            return counts.getOrDefault(kind, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Calls answered in one second of a race: those that returned a row, and the rest. */
    public record Second(long second, long ok, long failed) {
    }

    /**
     * Where the threads of each round were aligned inside their calls ({@code --align-at}), and how many calls
     * passed that step with their whole round.
     *
     * @param at        {@code free}, {@code after-first-statement}, {@code before-insert} or {@code before-commit}
     * @param unaligned calls the bound let through before their round was complete, or that never reached the step
     */
    public record Alignment(String at, long aligned, long unaligned) {

        public static final Alignment FREE = new Alignment(AlignAt.FREE.key(), 0, 0);
    }

    /**
     * How a race on several servers went on each (empty {@code nodes} for one server), and the replication lag
     * callers met when reads were routed.
     */
    public record Spread(List<NodeCounts> nodes, ReplicationLag lag) {

        public static final Spread NONE = new Spread(List.of(), ReplicationLag.NONE);

        /** The sum of one cluster counter ({@code wsrep_local_cert_failures}, …) over the nodes. */
        public long counter(String name) {
            return nodes.stream().mapToLong(n -> n.counters().getOrDefault(name, 0L)).sum();
        }
    }

    /**
     * One server of a spread race.
     *
     * @param server      the server as reports name it
     * @param id          what the server says it is ({@code server_id=2}, {@code system_identifier=…})
     * @param role        {@code primary}, {@code replica}, {@code cluster node}; a read server's ends in {@code (reads)}
     * @param clusterSize how many servers it said take part
     * @param threads     racing threads that wrote through it; 0 for the read server
     * @param counters    the change in the cluster's own conflict counters on it during the race
     */
    public record NodeCounts(String server, String id, String role, int clusterSize, int threads,
                             Tally<Outcome> outcomes, Tally<DbError> dbErrors, Map<String, Long> counters) {
    }

    /**
     * The server raced.
     *
     * @param database the target as the user named it ({@code embedded-mariadb}, a masked URL, …)
     */
    public record Server(String database, String product, String version) {
    }

    /**
     * How the strategy was raced.
     *
     * @param isolation the level read back from a racing session (not the one asked for)
     * @param settings  the {@code --set} settings, as read back from a racing session; empty when none
     * @param mode      {@code rounds} or {@code hot-keys}
     */
    public record Setup(String strategy, String summary, String isolation, Map<String, String> settings,
                        boolean priorRead, int threads, String mode, Alignment alignment) {

        public Setup(String strategy, String summary, String isolation, Map<String, String> settings,
                     boolean priorRead, int threads, String mode) {
            this(strategy, summary, isolation, settings, priorRead, threads, mode, Alignment.FREE);
        }

        /** "innodb_snapshot_isolation=ON", or "" without settings. */
        public String settingsText() {
            return new Settings(settings).describe();
        }

        /** "repeatable-read", or "repeatable-read innodb_snapshot_isolation=ON" with settings. */
        public String condition() {
            return settings.isEmpty() ? isolation : isolation + " " + settingsText();
        }
    }

    /**
     * What was counted.
     *
     * @param rounds            keys raced in round mode; calls per thread in hot-key mode
     * @param firstAnomalyNanos from the start to the first DoesNotExist or IntegrityError; -1 when none
     * @param dbErrorsComplete  false when a caller could not see the errors handled inside its calls (a worker
     *                          that does not report them): {@code dbErrors} then holds only those that escaped
     * @param errors            every database error, by kind and by the step that raised it
     * @param samples           the first messages of each failing outcome
     * @param roundsWith        round mode: for each outcome, the measured rounds in which a call ended in it (all
     *                          zeros in hot-key mode, and in files written before dbrace counted them)
     * @param swimlanes         per failing outcome, one call drawn beside the call that created its key's row, where
     *                          the gate recorded both; empty otherwise
     */
    public record Counts(long rounds, long calls, Tally<Outcome> outcomes, ErrorLog errors,
                         boolean dbErrorsComplete, RetryCounts retries,
                         long firstAnomalyNanos, Map<Outcome, List<String>> samples, Tally<Outcome> roundsWith,
                         List<Swimlane> swimlanes) {

        /** {@code o}'s rate per round with its 95 % interval (rounds, not calls, are the trials). */
        public PerRound.Interval perRound(Outcome o) {
            return PerRound.of(roundsWith.get(o), rounds);
        }

        /** Every database error by kind. */
        public Tally<DbError> dbErrors() {
            return errors.kinds();
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

    /**
     * How long calls took, and what they cost the client.
     *
     * @param wallNanos      from the moment all threads were released (after any warm-up) to the moment the last one stopped
     * @param clientCpuNanos CPU time dbrace's whole process used over the same span (0 when unknown)
     */
    public record Timing(Latency latency, long wallNanos, long clientCpuNanos) {

        /** Client CPU per measured call, in microseconds; 0 when unknown. */
        public double clientCpuUsPerCall(long calls) {
            return calls == 0 ? 0 : clientCpuNanos / 1000.0 / calls;
        }
    }

    public String database() {
        return server.database();
    }

    public String strategy() {
        return setup.strategy();
    }

    /** The isolation and any --set settings: what identifies a row beside the strategy and database. */
    public String condition() {
        return setup.condition();
    }

    public String isolation() {
        return setup.isolation();
    }

    public int threads() {
        return setup.threads();
    }

    public long calls() {
        return counts.calls();
    }

    public Tally<Outcome> outcomes() {
        return counts.outcomes();
    }

    public Latency latency() {
        return timing.latency();
    }

    public double throughput() {
        return timing.wallNanos() == 0 ? 0 : counts.calls() * 1e9 / timing.wallNanos();
    }

    public Verdict verdict() {
        return Verdict.of(counts.outcomes(), verification.passed(), setup.threads());
    }
}
