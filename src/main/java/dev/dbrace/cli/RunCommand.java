package dev.dbrace.cli;

import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.JsonFormat;
import dev.dbrace.db.Mask;
import dev.dbrace.report.ResultFiles;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.TextFormat;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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

/** {@code dbrace run}: race each strategy on each database, print the table, write {@code summary.json}. */
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

    @Mixin
    RaceOptions race = new RaceOptions();

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

    private volatile RaceRunner current;
    private final Map<String, String> failures = new LinkedHashMap<>();
    private boolean serverGone;
    private Progress progress;
    private volatile boolean interrupted;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        List<Strategy> chosen = race.strategies(spec);
        List<Isolation> levels = race.isolations(spec);
        RaceConfig cfg = race.config(spec);

        Instant startedAt = Instant.now();
        List<RunReport.TargetInfo> reached = new ArrayList<>();
        List<StrategyResult> results = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted = true;
            RaceRunner r = current;
            if (r != null) {
                r.cancel();
            }
            try {
                written.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "dbrace-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        progress = quiet ? null : new Progress(err, System.console() != null, () -> current, cfg);
        try {
            for (String name : target.names()) {
                if (interrupted) {
                    break;
                }
                Integer failed = raceOn(name, chosen, levels, cfg, reached, results, skipped, err);
                if (failed != null) {
                    return failed;
                }
            }
            failures.forEach((what, why) -> skipped.put(what, "failed: " + why));
            RunReport report = new RunReport(VersionProvider.version(), startedAt, config(chosen, levels),
                    reached, results, skipped, interrupted || serverGone);
            Path dir = outDir != null ? outDir : ResultFiles.defaultDir();
            ResultFiles.writeAll(dir, report);
            if (json != null) {
                ResultFiles.write(json, report, new JsonFormat());
            }
            new TextFormat(!quiet).write(report, out);
            if (!quiet) {
                out.println("results: " + dir.resolve("summary.json"));
            }
            out.flush();
            if (interrupted) {
                return ExitCode.INTERRUPTED;
            }
            if (!report.allVerified()) {
                return ExitCode.FAILED;
            }
            if (serverGone) {
                return ExitCode.UNREACHABLE;
            }
            return failures.isEmpty() ? ExitCode.OK : ExitCode.ERROR;
        } catch (Schema.ForeignTableException e) {
            err.println("dbrace: " + e.getMessage());
            return ExitCode.ERROR;
        } finally {
            if (progress != null) {
                progress.close();
            }
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch we just released
            }
        }
    }

    /** Races every strategy and level on one database; returns an exit status when it cannot. */
    private Integer raceOn(String name, List<Strategy> chosen, List<Isolation> levels, RaceConfig cfg,
                           List<RunReport.TargetInfo> reached, List<StrategyResult> results,
                           Map<String, String> skipped, PrintWriter err) throws Exception {
        Target t;
        try {
            t = target.connect(name, cfg.threads() + 10, cfg.threads(), verbose, spec);
        } catch (TargetOptions.Unreachable e) {
            return ExitCode.UNREACHABLE;
        }
        try (t) {
            Dialect dialect = t.dialect();
            reached.add(new RunReport.TargetInfo(t.label(), dialect.product(), dialect.version()));
            RaceRunner runner = new RaceRunner(t, keep);
            current = runner;
            for (Strategy s : chosen) {
                if (!s.supportedBy(dialect)) {
                    skipped.put(s.name() + " on " + t.label(), dialect.product() + " cannot express it");
                    err.println("skipping " + s.name() + ": " + dialect.product() + " cannot express it");
                    continue;
                }
                List<Isolation> forThis = s.isolation() != null ? Collections.singletonList(null) : levels;
                for (Isolation level : forThis) {
                    if (interrupted) {
                        return null;
                    }
                    if (!quiet) {
                        err.printf("racing %-20s on %s at %s: %d threads, %s …%n", s.name(), t.label(),
                                s.isolation() != null ? s.isolation().key() : level == null ? "the default isolation" : level.key(),
                                cfg.threads(), race.budget());
                        err.flush();
                        progress.started(s.name() + (level == null ? "" : " at " + level.key()));
                    }
                    try {
                        results.add(runner.run(s, level, cfg));
                    } catch (Schema.ForeignTableException e) {
                        throw e;
                    } catch (SQLException | RuntimeException e) {
                        if (!(e instanceof dev.dbrace.race.ServerGoneException) && !connectionLost(dialect, e)) {
                            failed(s, level, t, e);
                            continue;
                        }
                        // the server stopped answering: during the race, or while setting up or verifying
                        String why = e instanceof dev.dbrace.race.ServerGoneException ? e.getMessage()
                                : "the server went away while racing " + s.name() + " (" + rootMessage(e) + ")";
                        err.println("dbrace: " + Mask.text(why) + "; completed before it: "
                                + (results.isEmpty() ? "none" : results.stream()
                                        .map(x -> x.strategy() + " at " + x.isolation()).toList()));
                        failures.put(s.name() + " on " + t.label(), Mask.text(why));
                        serverGone = true;
                        return null;
                    }

                }
            }
        } finally {
            current = null;
        }
        return null;
    }

    /** True when {@code e} (or a cause, e.g. inside a pool's start-up error) is a broken or refused connection. */
    private static boolean connectionLost(Dialect dialect, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && dialect.classifier().classify(sql) == dev.dbrace.outcome.DbError.CONNECTION) {
                return true;
            }
        }
        return false;
    }

    /** One strategy failing outside the race must not cost the results of the others. */
    private void failed(Strategy s, Isolation level, Target t, Exception e) {
        PrintWriter err = spec.commandLine().getErr();
        String what = s.name() + (level == null ? "" : " at " + level.key()) + " on " + t.label();
        failures.put(what, Mask.text(rootMessage(e)));
        err.println("dbrace: " + what + " failed: " + Mask.text(rootMessage(e)));
        if (verbose) {
            e.printStackTrace(err);
        }
    }

    private Map<String, Object> config(List<Strategy> chosen, List<Isolation> levels) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("databases", target.names());
        c.put("user", !target.hasUrl() ? null : (target.user == null ? "root" : target.user));
        c.put("password", !target.hasUrl() ? null : Mask.MASK);
        c.put("strategies", chosen.stream().map(Strategy::name).toList());
        c.putAll(race.describe());
        c.put("isolation", levels.equals(Arrays.asList((Isolation) null)) ? "server-default"
                : levels.stream().map(Isolation::key).toList());
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
