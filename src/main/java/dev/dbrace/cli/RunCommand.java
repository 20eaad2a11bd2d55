package dev.dbrace.cli;

import dev.dbrace.campaign.Campaign;
import dev.dbrace.campaign.Plan;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Mask;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.race.AlignAt;
import dev.dbrace.race.BuiltIn;
import dev.dbrace.race.Contender;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyRun;
import dev.dbrace.report.ResultFiles;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.TextFormat;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.worker.WorkerCommand;
import dev.dbrace.worker.WorkerTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
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
                "2:bad usage", "3:the database could not be reached or started", "4:another error, or a --worker that failed (it exited, hung or broke the protocol)",
                "130:interrupted; partial results written"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    RaceOptions race = new RaceOptions();

    @Option(names = "--worker", paramLabel = "COMMAND",
            description = "Race your own code: a command (run by sh -c, one process per thread) that speaks dbrace's "
                    + "worker protocol on stdin and stdout. Repeatable. Without --strategy, only the workers race.")
    List<String> workers = new ArrayList<>();

    @Mixin
    AdapterOptions adapter = new AdapterOptions();

    @Option(names = "--gate",
            description = "Pass each --worker's connections through dbrace's statement gate, a loopback listener in "
                    + "front of its server: every statement a call sends, and its answer, is seen on the wire, errors are "
                    + "counted at the statement that raised them (the worker need report no db_errors), and failing "
                    + "calls' samples show their statements. Also for --strategy-jar code. MySQL, MariaDB and PostgreSQL.")
    boolean gate;

    @Mixin
    OwnTableOptions own = new OwnTableOptions();

    @Option(names = "--worker-name", paramLabel = "NAME",
            description = "The name reports give the --worker at the same position (default: from its command).")
    List<String> workerNames = new ArrayList<>();

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

    @Option(names = "--progress-interval", hidden = true, converter = DurationConverter.class, paramLabel = "TIME",
            description = "How often a plain progress line is printed off a terminal (default 5s).")
    Duration progressInterval;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        List<Strategy> chosen = (workers.isEmpty() && !adapter.given() || race.strategies != null) && !race.onlyUserCode()
                ? race.strategies(spec) : List.of();
        String named = adapter.command(spec);           // --django's, --sqlalchemy's, --rails', through dbrace's adapter
        WorkerTable table = own.table(spec, !workers.isEmpty() || named != null || race.onlyUserCode(),
                adapter.keysCommand(spec));
        if (table != null && !chosen.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--table races your code on your own table; dbrace's "
                    + "strategies race on dbrace's tables: race them in a run of their own");
        }
        List<WorkerCommand> commands = workerCommands(named, table);
        List<Contender> contenders = new ArrayList<>();
        chosen.forEach(s -> contenders.add(new BuiltIn(s)));
        List<Contender> javaCode = race.userCode(spec, table);
        contenders.addAll(javaCode);
        contenders.addAll(commands);
        List<Isolation> levels = race.isolations(spec);
        // an adapter started by name answers "returned": created and found come from its statements, on the wire
        boolean gated = gate || adapter.given();
        RaceConfig cfg = race.config(spec).withGate(gated);
        if (gate && commands.isEmpty() && javaCode.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--gate passes the statements of a --worker or of "
                    + "--strategy-jar code; dbrace's own strategies record theirs already");
        }
        if (cfg.alignAt() != AlignAt.FREE && !gated && (!commands.isEmpty() || !javaCode.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "--align-at aims your code's statements with --gate (the "
                    + "gate holds them at the step); add --gate");
        }
        List<Settings> sweep = race.settings(spec);
        Plan plan = Plan.of(contenders, levels, sweep, cfg);
        if (cfg.fault().planned() && (plan.entries().size() > 1 || target.names().size() > 1)) {
            throw new ParameterException(spec.commandLine(), "--fault kills a node of the cluster, which the next race "
                    + "would then lack: race one strategy at one level on one --db per run (" + plan.entries().size()
                    + " races were asked for)");
        }

        Instant startedAt = Instant.now();
        Progress progress = quiet ? null : new Progress(err, System.console() != null, cfg, progressInterval);
        SettingsGate opener = new SettingsGate(
                name -> target.connect(name, cfg.threads() + 10, cfg.threads(), verbose, spec), sweep, cfg.callTimeout(), err);
        try (Campaign campaign = new Campaign(opener, new Lines(err, progress), keep)) {
            Campaign.Result done;
            try {
                done = campaign.run(target.names(), plan);
            } catch (Schema.ForeignTableException e) {
                err.println("dbrace: " + e.getMessage());
                return ExitCode.ERROR;
            } finally {
                if (progress != null) {
                    progress.close();
                }
            }
            if (opener.refused()) {
                return ExitCode.USAGE;              // a --set the server refused: nothing was created
            }
            if (done.unreachable() && done.targets().isEmpty()) {
                return ExitCode.UNREACHABLE;        // nothing reached, nothing to write
            }
            RunReport report = new RunReport(VersionProvider.version(), startedAt, config(chosen, commands, levels),
                    done.targets(), done.results(), done.notRaced(), done.partial());
            Path dir = ResultFiles.writeRun(outDir, json, report);
            new TextFormat(!quiet).write(report, out);
            if (!quiet) {
                out.println("results: " + dir.resolve("summary.json"));
            }
            out.flush();
            return exitCode(done, report);
        }
    }

    /** The --worker commands with their names: given, or derived and made unique. */
    private List<WorkerCommand> workerCommands(String named, WorkerTable table) {
        if (workerNames.size() > workers.size()) {
            throw new ParameterException(spec.commandLine(), "--worker-name given " + workerNames.size()
                    + " times for " + workers.size() + " --worker; give one name per --worker, in order");
        }
        Set<String> taken = new HashSet<>(Strategies.names());
        List<WorkerCommand> list = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            String command = workers.get(i);
            if (command.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--worker needs a command, e.g. --worker './my-worker'");
            }
            String name = i < workerNames.size() ? workerNames.get(i) : WorkerCommand.defaultName(command);
            if (i < workerNames.size()) {
                if (!taken.add(name)) {
                    throw new ParameterException(spec.commandLine(), "--worker-name '" + name
                            + "' is taken (by a strategy or another worker); choose another");
                }
            } else {
                String base = name;
                for (int n = 2; !taken.add(name); n++) {
                    name = base + "-" + n;
                }
            }
            list.add(new WorkerCommand(name, command, table));
        }
        if (named != null) {
            String name = adapter.name();
            for (int n = 2; !taken.add(name); n++) {
                name = adapter.name() + "-" + n;
            }
            list.add(new WorkerCommand(name, named, table));
        }
        return list;
    }

    private static int exitCode(Campaign.Result done, RunReport report) {
        if (done.interrupted()) {
            return ExitCode.INTERRUPTED;
        }
        if (done.broken()) {
            return ExitCode.ERROR;
        }
        if (!report.allVerified()) {
            return ExitCode.FAILED;
        }
        if (done.serverGone() || done.unreachable()) {
            return ExitCode.UNREACHABLE;
        }
        boolean failed = done.runs().stream().anyMatch(r -> r.status() == StrategyRun.Status.FAILED);
        return failed ? ExitCode.ERROR : ExitCode.OK;
    }

    /** What the campaign is doing, on stderr: a line per strategy raced, skipped, failed or aborted. */
    private final class Lines implements Campaign.Listener {
        private final PrintWriter err;
        private final Progress progress;
        private final List<String> completed = new ArrayList<>();

        Lines(PrintWriter err, Progress progress) {
            this.err = err;
            this.progress = progress;
        }

        @Override
        public void racing(Plan.Entry e, Target t, RaceRunner runner) {
            if (quiet) {
                return;
            }
            Isolation level = e.contender().isolation() != null ? e.contender().isolation() : e.isolation();
            err.printf("racing %-20s on %s at %s%s: %d threads, %s …%n", e.contender().name(), t.label(),
                    level == null ? "the default isolation" : level.key(),
                    e.settings().isEmpty() ? "" : " with " + e.settings().describe(), race.threads, race.budget());
            err.flush();
            progress.started(e.contender().name() + (e.isolation() == null ? "" : " at " + e.isolation().key()), runner);
        }

        @Override
        public void finished(Plan.Entry entry, StrategyRun run) {
            switch (run.status()) {
                case RACED -> completed.add(run.strategy() + " at " + run.isolation());
                case SKIPPED -> err.println("skipping " + run.what() + ": " + run.reason());
                case FAILED -> err.println("dbrace: " + run.what() + " failed: " + run.reason());
                case BROKEN -> err.println("dbrace: " + run.reason());
                case NOT_STARTED -> {
                    // said once, by the line of the stop that caused it
                }
                case ABORTED -> {
                    if (run.result() == null) {
                        err.println("dbrace: " + run.reason() + "; completed before it: "
                                + (completed.isEmpty() ? "none" : completed));
                    }
                }
            }
            err.flush();
        }
    }

    private Map<String, Object> config(List<Strategy> chosen, List<WorkerCommand> commands, List<Isolation> levels) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("databases", target.names());
        c.put("user", !target.hasUrl() ? null : (target.user == null ? "root" : target.user));
        c.put("password", !target.hasUrl() ? null : Mask.MASK);
        c.put("strategies", chosen.stream().map(Strategy::name).toList());
        if (!race.strategyJars.isEmpty()) {
            c.put("strategy_jars", race.strategyJars.stream().map(Path::toString).toList());
        }
        if (!commands.isEmpty()) {
            List<Map<String, String>> w = new ArrayList<>();
            commands.forEach(x -> w.add(Map.of("name", x.name(), "command", Mask.text(x.command()))));
            c.put("workers", w);
        }
        c.putAll(race.describe());
        c.put("isolation", levels.equals(Arrays.asList((Isolation) null)) ? "server-default"
                : levels.stream().map(Isolation::key).toList());
        return c;
    }
}
