package dev.dbrace.cli;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.campaign.Campaign;
import dev.dbrace.campaign.Plan;
import dev.dbrace.check.Expectation;
import dev.dbrace.check.ExpectationFile;
import dev.dbrace.check.Judgement;
import dev.dbrace.check.JunitReport;
import dev.dbrace.db.Mask;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.explain.Exploration;
import dev.dbrace.explain.Explorer;
import dev.dbrace.race.BuiltIn;
import dev.dbrace.race.Caller;
import dev.dbrace.race.Contender;
import dev.dbrace.race.GatedContender;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyRun;
import dev.dbrace.report.ResultFiles;
import dev.dbrace.report.RunReport;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.worker.WorkerCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dbrace check}: race what an expectations file names and fail the build when a claim does not hold. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Race the strategies an expectations file names and check each claim (safe or racy, "
                + "latency and throughput limits). For CI: exit status and JUnit XML.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every expectation held", "1:an expectation did not hold",
                "2:bad usage or a malformed expectations file (FILE:LINE: what is wrong)",
                "3:the database could not be reached or started", "4:another error",
                "130:interrupted; partial results written"})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The expectations file (YAML).")
    Path file;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--strategy-jar", paramLabel = "JAR", split = ":",
            description = "Jars with your Java code (dev.dbrace.api.GetOrCreate classes): an entry's strategy may then "
                    + "name such a class, e.g. {strategy: com.acme.OrderRepo, verdict: safe, explore: true}. A class path (a:b:c) or repeated.")
    List<Path> strategyJars = new ArrayList<>();

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Override the file's threads.")
    Integer threads;

    @Option(names = {"-r", "--rounds"}, paramLabel = "N", description = "Override the file's rounds.")
    Long rounds;

    @Option(names = "--call-timeout", converter = DurationConverter.class, defaultValue = "5s", paramLabel = "TIME",
            description = "Longest a call may wait for one lock (default ${DEFAULT-VALUE}).")
    Duration callTimeout;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here (one testcase per expectation).")
    Path junit;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON summary here.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR", description = "Result directory (default results/<timestamp>).")
    Path outDir;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures and the final line.")
    boolean quiet;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExpectationFile spec0;
        try {
            spec0 = ExpectationFile.read(file, !strategyJars.isEmpty());
        } catch (ExpectationFile.Invalid e) {
            err.println("dbrace: " + e.getMessage());
            return ExitCode.USAGE;
        }
        int n = threads != null ? threads : spec0.threads() != null ? spec0.threads() : 8;
        long r = rounds != null ? rounds : spec0.rounds() != null ? spec0.rounds() : 500;
        if (n < 1 || r < 1) {
            err.println("dbrace: --threads and --rounds must be at least 1");
            return ExitCode.USAGE;
        }
        if (!target.given() && spec0.target() != null) {
            if (spec0.target().startsWith("jdbc:")) {
                target.url = List.of(spec0.target());
            } else {
                target.db = List.of(spec0.target());
            }
        }
        RaceConfig cfg = RaceConfig.rounds(n, r).withCallTimeout(callTimeout).withPriorRead(spec0.priorRead());
        StrategyJars jars = strategyJars.isEmpty() ? null : new StrategyJars(strategyJars, spec);
        Plan plan = plan(spec0.expectations(), cfg, jars);
        Instant startedAt = Instant.now();
        List<Judgement> judgements = new ArrayList<>();
        SettingsGate opener = new SettingsGate(name -> target.connect(name, n + 10, n, verbose, spec),
                plan.entries().stream().map(Plan.Entry::settings).distinct().toList(), callTimeout, err);
        try (Campaign campaign = new Campaign(opener, new Judge(spec0.expectations(), judgements, out, spec0.priorRead(), jars),
                false)) {
            Campaign.Result done;
            try {
                done = campaign.run(target.names(), plan);
            } catch (Schema.ForeignTableException e) {
                err.println("dbrace: " + e.getMessage());
                return ExitCode.ERROR;
            }
            if (opener.refused()) {
                return ExitCode.USAGE;              // a setting the server refused: nothing was created
            }
            if (done.unreachable() && done.targets().isEmpty()) {
                return ExitCode.UNREACHABLE;        // nothing reached, nothing to write
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("expectations", file.toString());
            config.put("databases", target.names());
            config.put("threads", n);
            config.put("rounds", r);
            config.put("prior_read", spec0.priorRead());
            config.put("call_timeout_ms", callTimeout.toMillis());
            RunReport report = new RunReport(VersionProvider.version(), startedAt, config, done.targets(), done.results(),
                    done.notRaced(), done.partial());
            ResultFiles.writeRun(outDir, json, report);
            if (junit != null) {
                ResultFiles.write(junit, report, (ignored, w) -> JunitReport.write(judgements, target.names().get(0), startedAt, w));
            }
            long failed = judgements.stream().filter(j -> !j.held()).count();
            out.printf(Locale.ROOT, "%d passed, %d failed%s%n", judgements.size() - failed, failed,
                    report.partial() ? " (PARTIAL: " + report.partialReason() + ")" : "");
            out.flush();
            if (done.interrupted()) {
                return ExitCode.INTERRUPTED;
            }
            if (done.broken()) {
                return ExitCode.ERROR;
            }
            if (done.serverGone() || done.unreachable()) {
                return ExitCode.UNREACHABLE;
            }
            return failed == 0 ? ExitCode.OK : ExitCode.FAILED;
        }
    }

    /** Each distinct (strategy, level) of the expectations, raced once. */
    private static Plan plan(List<Expectation> expectations, RaceConfig cfg, StrategyJars jars) {
        List<Plan.Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Expectation e : expectations) {
            if (seen.add(e.strategy() + "/" + e.isolation() + "/" + e.settings())) {
                entries.add(new Plan.Entry(contender(e, jars), e.isolation(), e.settings()));
            }
        }
        return new Plan(entries, cfg);
    }

    /** What an entry races: one of dbrace's strategies, a worker, or the team's Java class. */
    private static Contender contender(Expectation e, StrategyJars jars) {
        return e.worker() != null ? new WorkerCommand(e.strategy(), e.worker(), e.table())
                : e.javaCode() ? jars.contender(e.strategy(), e.strategy()).onTable(e.table() == null ? null : e.table()::ground)
                : new BuiltIn(Strategies.byName(e.strategy()));
    }

    /** Judges every expectation on a (strategy, level) as soon as its run ends, and prints PASS or FAIL. */
    private final class Judge implements Campaign.Listener {
        private final List<Expectation> expectations;
        private final List<Judgement> judgements;
        private final PrintWriter out;
        private final boolean priorRead;
        private final StrategyJars jars;
        private Target target;

        Judge(List<Expectation> expectations, List<Judgement> judgements, PrintWriter out, boolean priorRead,
              StrategyJars jars) {
            this.jars = jars;
            this.expectations = expectations;
            this.judgements = judgements;
            this.out = out;
            this.priorRead = priorRead;
        }

        @Override
        public void racing(Plan.Entry entry, Target t, RaceRunner runner) {
            this.target = t;
        }

        /** {@code explore: true}: the exhaustive exploration of two sessions, on the server just raced. */
        private Judgement explore(Expectation e, Judgement j) {
            try {
                Explorer explorer = new Explorer(target);
                Explorer.Options two = Explorer.Options.of(2, 20_000);
                Exploration x = contender(e, jars) instanceof GatedContender code
                        // a worker's or Java code's statements are explored through the statement gate
                        ? explorer.explore(code, e.isolation(), e.settings(), two)
                        : explorer.explore(Strategies.byName(e.strategy()), e.isolation(), priorRead, e.settings(), two);
                return j.explored(x);
            } catch (SQLException | RuntimeException | Caller.Broken x) {
                List<String> f = new ArrayList<>(j.failures());
                f.add("the exploration failed: " + Campaign.rootMessage(x));
                return new Judgement(e, j.result(), List.copyOf(f), j.notes());
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return j;
            }
        }

        @Override
        public void finished(Plan.Entry entry, StrategyRun run) {
            for (Expectation e : expectations) {
                if (!e.strategy().equals(entry.contender().name()) || e.isolation() != entry.isolation()
                        || !e.settings().equals(entry.settings())) {
                    continue;
                }
                Judgement j = Judgement.of(e, run);
                if (e.explore() && run.result() != null && target != null) {
                    j = explore(e, j);
                }
                judgements.add(j);
                String claim = e.describe() + " on " + run.database() + " is " + e.claim().name().toLowerCase(Locale.ROOT);
                if (j.held()) {
                    if (!quiet) {
                        String bound = j.bound();
                        out.println("PASS " + claim + " (" + run.result().verdict() + ", " + run.result().calls() + " calls"
                                + (bound.isEmpty() ? "" : "; " + bound) + ")");
                    }
                } else {
                    out.println("FAIL " + claim + " (line " + e.line() + ")");
                    j.failures().forEach(f -> out.println("     " + Mask.text(f)));
                }
                if (!quiet || !j.held()) {
                    j.notes().forEach(n -> out.println("     " + n));
                }
            }
            out.flush();
        }
    }
}
