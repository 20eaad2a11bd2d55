package dev.dbrace.cli;

import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.JsonFormat;
import dev.dbrace.report.Mask;
import dev.dbrace.report.ResultFiles;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.TextFormat;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.target.Dialect;
import dev.dbrace.target.Isolation;
import dev.dbrace.target.Target;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dbrace run}: race each strategy, print the table, write {@code summary.json}. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Race N threads on get-or-create of one row per round, per strategy, and report what callers saw.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every strategy ran and verified (anomalies are findings)",
                "1:a verification failed: the table contradicts what callers were told",
                "2:bad usage", "3:the database could not be reached or started", "4:another error",
                "130:interrupted; partial results written"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-s", "--strategy"}, split = ",", paramLabel = "NAME",
            description = "Strategies to race (default: naive,commit-then-get,read-committed,upsert).")
    List<String> strategies;

    @Option(names = {"-t", "--threads"}, defaultValue = "8", description = "Racing threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = {"-r", "--rounds"}, defaultValue = "500",
            description = "Keys raced, one round each (with --keys: calls per thread). Default ${DEFAULT-VALUE}.")
    long rounds;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class, paramLabel = "TIME",
            description = "Race for this long per strategy instead of counting rounds (e.g. 30s).")
    Duration duration;

    @Option(names = {"-k", "--keys"}, defaultValue = "0", paramLabel = "K",
            description = "Hot-key mode: threads run freely over K keys, mixing creates and finds.")
    int keys;

    @Option(names = {"-i", "--isolation"}, paramLabel = "LEVEL",
            description = "Isolation for strategies that do not fix their own: read-committed, repeatable-read, "
                    + "serializable (default: the server's).")
    String isolation;

    @Option(names = "--call-timeout", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "TIME",
            description = "Longest a call may wait for one lock (default ${DEFAULT-VALUE}).")
    Duration callTimeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON summary here.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR", description = "Result directory (default results/<timestamp>).")
    Path outDir;

    @Option(names = "--keep", description = "Keep dbrace's tables after the run, for inspection.")
    boolean keep;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary table.")
    boolean quiet;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        List<Strategy> chosen = chooseStrategies();
        Isolation requested = parseIsolation();
        RaceConfig cfg;
        try {
            cfg = new RaceConfig(threads, rounds, duration, keys, callTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        Instant startedAt = Instant.now();
        Target t;
        try {
            t = target.open(err, threads + 10);
            try {
                t.dialect();                 // the first connection: fail here, before any set-up
            } catch (SQLException e) {
                t.close();
                throw e;
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (Exception e) {
            err.println("dbrace: cannot reach " + target.label() + ": " + Mask.text(rootMessage(e)));
            if (verbose) {
                e.printStackTrace(err);
            }
            return ExitCode.UNREACHABLE;
        }
        CountDownLatch written = new CountDownLatch(1);
        RaceRunner[] current = new RaceRunner[1];
        Thread hook = new Thread(() -> {
            if (current[0] != null) {
                current[0].cancel();
            }
            try {
                written.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "dbrace-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (t) {
            Dialect dialect = t.dialect();
            List<StrategyResult> results = new ArrayList<>();
            Map<String, String> skipped = new LinkedHashMap<>();
            RaceRunner runner = new RaceRunner(t, keep);
            current[0] = runner;
            for (Strategy s : chosen) {
                if (runner.cancelled()) {
                    break;
                }
                if (!s.supports(dialect.family())) {
                    skipped.put(s.name(), dialect.server().product() + " cannot express it");
                    continue;
                }
                if (!quiet) {
                    err.printf("racing %-16s %d threads, %s …%n", s.name(), threads,
                            duration != null ? duration.toSeconds() + " s" : rounds + (keys > 0 ? " calls each" : " rounds"));
                    err.flush();
                }
                results.add(runner.run(s, requested, cfg));
            }
            boolean partial = runner.cancelled();
            RunReport report = new RunReport(VersionProvider.version(), startedAt, config(chosen, requested), t.label(),
                    dialect.server().product(), dialect.server().version(), results, skipped, partial);
            Path dir = outDir != null ? outDir : ResultFiles.defaultDir();
            ResultFiles.write(dir.resolve("summary.json"), report, new JsonFormat());
            if (json != null) {
                ResultFiles.write(json, report, new JsonFormat());
            }
            new TextFormat(!quiet).write(report, out);
            if (!quiet) {
                out.println("results: " + dir.resolve("summary.json"));
            }
            out.flush();
            if (partial) {
                return ExitCode.INTERRUPTED;
            }
            return report.allVerified() ? ExitCode.OK : ExitCode.FAILED;
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch we just released
            }
        }
    }

    private List<Strategy> chooseStrategies() {
        if (strategies == null || strategies.isEmpty()) {
            return Strategies.defaults();
        }
        List<Strategy> list = new ArrayList<>();
        for (String name : strategies) {
            try {
                list.add(Strategies.byName(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return list;
    }

    private Isolation parseIsolation() {
        if (isolation == null) {
            return null;
        }
        try {
            return Isolation.parse(isolation);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown isolation '" + isolation
                    + "'; use read-committed, repeatable-read or serializable");
        }
    }

    private Map<String, Object> config(List<Strategy> chosen, Isolation requested) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("target", target.label());
        c.put("user", target.url == null ? null : (target.user == null ? "root" : target.user));
        c.put("password", target.url == null ? null : Mask.MASK);
        c.put("strategies", chosen.stream().map(Strategy::name).toList());
        c.put("threads", threads);
        c.put("mode", keys > 0 ? "hot-keys" : "rounds");
        c.put("rounds", duration == null ? rounds : null);
        c.put("duration_s", duration == null ? null : duration.toMillis() / 1000.0);
        c.put("keys", keys > 0 ? keys : null);
        c.put("isolation", requested == null ? "server-default" : requested.key());
        c.put("call_timeout_ms", callTimeout.toMillis());
        return c;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
