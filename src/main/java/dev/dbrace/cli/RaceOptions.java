package dev.dbrace.cli;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.fault.FaultPlan;
import dev.dbrace.race.AlignAt;
import dev.dbrace.race.Contender;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.worker.WorkerTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How to race: strategies, isolation levels, threads, rounds or duration, key pattern. */
public final class RaceOptions {

    @Option(names = {"-s", "--strategy"}, split = ",", paramLabel = "NAME",
            description = "Strategies to race (default: naive,commit-then-get,read-committed,upsert); "
                    + "'all' for every one. 'dbrace strategies' lists them.")
    List<String> strategies;

    @Option(names = "--strategy-jar", paramLabel = "JAR", split = ":",
            description = "A jar with your own get-or-create (classes implementing dev.dbrace.api.GetOrCreate), or a "
                    + "class path of jars (a:b:c, as Maven's dependency:build-classpath prints it); name the classes with "
                    + "--strategy com.acme.MyGetOrCreate. Its jars' classes come before dbrace's. Repeatable.")
    List<Path> strategyJars = new ArrayList<>();

    @Option(names = {"-t", "--threads"}, defaultValue = "8", description = "Racing threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = {"-r", "--rounds"}, defaultValue = "500",
            description = "Keys raced, one round each (with --keys: calls per thread). Default ${DEFAULT-VALUE}.")
    long rounds;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class, paramLabel = "TIME",
            description = "Race for this long per strategy instead of counting rounds (e.g. 30s).")
    Duration duration;

    @Option(names = "--fault", paramLabel = "WHAT@WHEN",
            description = "Strike the cluster dbrace started (--db patroni) mid-race: kill-primary or kill-node:N, at a "
                    + "time into the race (10s) or after a number of answered calls (calls:300), e.g. kill-primary@10s. "
                    + "Every call's history is then checked against the final table: acknowledged creates lost, keys "
                    + "given two ids, found ids gone, and calls in doubt, before, during and after the failover.")
    String fault;

    @Option(names = "--after-fault", paramLabel = "TIME|Ncalls",
            description = "With --fault: how long the race goes on after the failover (the first call begun after the "
                    + "strike that succeeds): a time (10s) or a number of answered calls (300calls). Default 10s.")
    String afterFault;

    @Option(names = "--failover-bound", converter = DurationConverter.class, paramLabel = "TIME",
            description = "With --fault: the longest the failover may take; past it the race stops and says so "
                    + "(default 60s).")
    Duration failoverBound;

    @Option(names = {"-k", "--keys"}, defaultValue = "0", paramLabel = "K",
            description = "Hot-key mode: threads run freely over K keys, mixing creates and finds.")
    int keys;

    @Option(names = {"-i", "--isolation"}, paramLabel = "LEVEL", split = ",",
            description = "Isolation for strategies that do not fix their own: read-committed, repeatable-read, "
                    + "serializable, or all (a sweep). Default: the server's.")
    List<String> isolation;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A server setting every racing connection runs with (SET SESSION on MySQL and MariaDB, "
                    + "SET on PostgreSQL), read back and reported. A comma list sweeps the values like --isolation: "
                    + "--set innodb_snapshot_isolation=OFF,ON. Repeatable.")
    List<String> set = new ArrayList<>();

    @Option(names = "--align-at", paramLabel = "STEP", defaultValue = "free",
            description = "Aim the race at the window: inside each call the threads of a round also wait for each "
                    + "other at STEP: after-first-statement (every snapshot exists before anyone writes), before-insert "
                    + "or before-commit; a thread held by a lock is not waited for past a short bound. Default free "
                    + "(no second barrier). dbrace's own strategies, and with --gate a --worker's or --strategy-jar's code, whose "
                    + "statements the gate holds at STEP.")
    String alignAt;

    @Option(names = "--prior-read",
            description = "Each transaction reads the table before its get-or-create, as request handlers do.")
    boolean priorRead;

    @Option(names = "--max-retries", defaultValue = "" + Strategies.DEFAULT_MAX_RETRIES, paramLabel = "N",
            description = "Retries the 'retry' strategy allows per call (default ${DEFAULT-VALUE}).")
    int maxRetries;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "N",
            description = "Rounds (with --keys: calls per thread) raced first and not counted (default ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "CALLS/S",
            description = "Fixed rate over all threads; latency is measured from each call's intended start, so a "
                    + "stalled database shows in the tail (default: as fast as possible).")
    double rate;

    @Option(names = "--call-timeout", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "TIME",
            description = "Longest a call may wait for one lock (default ${DEFAULT-VALUE}).")
    Duration callTimeout;

    List<Strategy> strategies(CommandSpec spec) {
        if (maxRetries < 0) {
            throw new ParameterException(spec.commandLine(), "--max-retries must be 0 or more, was " + maxRetries);
        }
        if (strategies == null || strategies.isEmpty()) {
            return Strategies.defaults();
        }
        List<String> names = strategies.equals(List.of("all")) ? Strategies.names() : strategies;
        List<Strategy> list = new ArrayList<>();
        for (String name : names) {
            if (isClassName(name)) {
                continue;           // the user's code: see userCode()
            }
            try {
                list.add(Strategies.byName(name, maxRetries));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return list;
    }

    /** A --strategy that names a class in a --strategy-jar rather than one of dbrace's strategies. */
    private boolean isClassName(String name) {
        return !strategyJars.isEmpty() && Strategies.isClassName(name);
    }

    /** The user's classes named with --strategy, from the --strategy-jar jars, on {@code table} when one is given. */
    List<Contender> userCode(CommandSpec spec, WorkerTable table) {
        if (strategies == null || strategyJars.isEmpty()) {
            if (!strategyJars.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--strategy-jar needs --strategy naming a class in it, "
                        + "e.g. --strategy com.acme.MyGetOrCreate ('dbrace strategies --strategy-jar JAR' lists them)");
            }
            return List.of();
        }
        StrategyJars jars = new StrategyJars(strategyJars, spec);
        List<Contender> list = new ArrayList<>();
        for (String name : strategies) {
            if (isClassName(name)) {
                list.add(jars.contender(name).onTable(table == null ? null : table::ground));
            }
        }
        return list;
    }

    /** True when --strategy named only classes of --strategy-jar. */
    boolean onlyUserCode() {
        return strategies != null && !strategies.isEmpty() && strategies.stream().allMatch(this::isClassName);
    }

    /** The levels to sweep; a single null element means "the server's default". */
    List<Isolation> isolations(CommandSpec spec) {
        if (isolation == null || isolation.isEmpty()) {
            return Arrays.asList((Isolation) null);
        }
        if (isolation.equals(List.of("all"))) {
            return List.of(Isolation.READ_COMMITTED, Isolation.REPEATABLE_READ, Isolation.SERIALIZABLE);
        }
        List<Isolation> list = new ArrayList<>();
        for (String level : isolation) {
            try {
                list.add(Isolation.parse(level));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "unknown isolation '" + level
                        + "'; use read-committed, repeatable-read, serializable or all");
            }
        }
        return list;
    }

    /** Every combination of the --set values; one empty Settings without --set. */
    List<Settings> settings(CommandSpec spec) {
        try {
            return Settings.sweep(set);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    RaceConfig config(CommandSpec spec) {
        try {
            RaceConfig cfg = new RaceConfig(threads, rounds, duration, keys, callTimeout, priorRead, warmup, rate)
                    .withAlignAt(AlignAt.parse(alignAt));
            if (fault == null) {
                if (afterFault != null || failoverBound != null) {
                    throw new IllegalArgumentException("--after-fault and --failover-bound go with --fault");
                }
                return cfg;
            }
            cfg = cfg.withFault(FaultPlan.parse(fault, afterFault, failoverBound));
            boolean bounded = duration != null || spec.commandLine().getParseResult().hasMatchedOption("--rounds");
            faultOuterBound = !bounded;
            // the fault's plan ends the race; without --rounds or --duration only an outer bound is left
            return bounded ? cfg : cfg.withDuration(FAULT_OUTER_BOUND);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** --fault without --rounds or --duration: the race runs to the fault's plan, under {@link #FAULT_OUTER_BOUND}. */
    private boolean faultOuterBound;

    /** How long a race with --fault may go on when neither --rounds nor --duration bounds it: a hang guard. */
    static final Duration FAULT_OUTER_BOUND = Duration.ofMinutes(10);

    /** "500 rounds", "30 s", "200 calls each". */
    String budget() {
        if (fault != null) {
            return fault + " (" + (afterFault == null ? FaultPlan.DEFAULT_AFTER.toSeconds() + "s" : afterFault)
                    + " after the failover)";
        }
        if (duration != null) {
            return duration.toMillis() / 1000.0 + " s";
        }
        return rounds + (keys > 0 ? " calls each over " + keys + " keys" : " rounds");
    }

    Map<String, Object> describe() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("threads", threads);
        c.put("mode", keys > 0 ? "hot-keys" : "rounds");
        c.put("rounds", duration == null && !faultOuterBound ? rounds : null);
        c.put("duration_s", duration == null ? null : duration.toMillis() / 1000.0);
        c.put("keys", keys > 0 ? keys : null);
        c.put("prior_read", priorRead);
        c.put("align_at", alignAt);
        c.put("max_retries", maxRetries);
        c.put("call_timeout_ms", callTimeout.toMillis());
        c.put("warmup", warmup);
        c.put("rate", rate > 0 ? rate : null);
        c.put("set", set.isEmpty() ? null : set);
        c.put("fault", fault);
        c.put("after_fault", fault == null ? null : afterFault == null ? FaultPlan.DEFAULT_AFTER.toSeconds() + "s"
                : afterFault);
        c.put("failover_bound_s", fault == null ? null
                : (failoverBound == null ? FaultPlan.DEFAULT_BOUND : failoverBound).toSeconds());
        c.put("outer_bound_s", faultOuterBound ? FAULT_OUTER_BOUND.toSeconds() : null);
        return c;
    }
}
