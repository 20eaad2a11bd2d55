package dev.dbrace.cli;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.campaign.Campaign;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.explain.Exploration;
import dev.dbrace.explain.ExplorationFormat;
import dev.dbrace.explain.Explorer;
import dev.dbrace.explain.Replayer;
import dev.dbrace.explain.Scenario;
import dev.dbrace.explain.SwimlanePage;
import dev.dbrace.explain.Timeline;
import dev.dbrace.explain.TimelineFormat;
import dev.dbrace.race.Caller;
import dev.dbrace.race.GatedContender;
import dev.dbrace.report.ResultFiles;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.worker.WorkerCommand;
import dev.dbrace.worker.WorkerTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dbrace explain}: replay the two-session interleaving that decides a strategy, step by step. */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Replay, against the real database, the two-session interleaving that defeats (or fails to "
                + "defeat) a strategy, and print the timeline of both sessions with a conclusion.")
public final class ExplainCommand implements Callable<Integer> {

    private static final String FIRST_INSERTER_ABORTS = "first-inserter-aborts";

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-s", "--strategy"}, paramLabel = "NAME", description = "The strategy to replay.")
    String strategy;

    @Option(names = "--worker", paramLabel = "COMMAND",
            description = "With --all: explore your own code instead of a strategy. One worker process per session, each "
                    + "behind dbrace's statement gate: every statement a call sends on its connection may be a stop "
                    + "(docs/explain.md), and the witnesses are the statements your ORM sent.")
    String worker;

    @Option(names = "--worker-name", paramLabel = "NAME",
            description = "The name the output gives --worker's (or --django's) code, e.g. your function's (default: from "
                    + "the command).")
    String workerName;

    @Mixin
    AdapterOptions adapter = new AdapterOptions();

    @Option(names = "--strategy-jar", paramLabel = "JAR", split = ":",
            description = "With --all and --strategy CLASS: explore your Java code (a GetOrCreate in this "
                    + "jar) instead of a strategy, each session's connections through dbrace's statement gate. A class path (a:b:c) or repeated.")
    List<Path> strategyJars = new ArrayList<>();

    @Mixin
    OwnTableOptions own = new OwnTableOptions();

    @Option(names = {"-i", "--isolation"}, paramLabel = "LEVEL",
            description = "read-committed, repeatable-read or serializable (default: the server's).")
    String isolation;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A server setting both sessions run with, as in run (one value each). Repeatable.")
    List<String> set = new ArrayList<>();

    @Option(names = "--prior-read", description = "Each session reads the table before its get-or-create.")
    boolean priorRead;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "auto",
            description = "read-first, write-first, or auto (read-first for strategies that read first; default); or "
                    + "first-inserter-aborts: every interleaving (as --all, 3 sessions unless --sessions says) where T1's "
                    + "caller rolls its transaction back instead of committing, while the others wait on its key.")
    String scenario;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, markdown or json.")
    String format;

    @Option(names = "--all", description = "Every interleaving of the sessions' statements (see --sessions), on a fresh "
            + "key each: the distinct outcome combinations, how many interleavings gave each, and the shortest witness "
            + "(text or json). Exits 1 when --max-interleavings cut it.")
    boolean all;

    @Option(names = "--sessions", paramLabel = "N",
            description = "With --all: 2 or 3 sessions (default 2); three show shapes two cannot, such as two "
                    + "losers that hold shared locks.")
    Integer sessions;

    @Option(names = "--max-interleavings", paramLabel = "N", defaultValue = "20000",
            description = "With --all: at most N runs. When the depth-first search has not finished within half of them, "
                    + "the rest are PCT samples and the result says SAMPLED, with the samples' guarantee (default "
                    + "${DEFAULT-VALUE}).")
    long maxInterleavings;

    @Option(names = "--prune", negatable = true,
            description = "With --all: merge orders that differ only in independent statements, by the dependence "
                    + "relation docs/explain.md states per server and level, and run one of each. Default: on with 3 "
                    + "sessions, off with 2 (whose counts are then exact).")
    Boolean prune;

    @Option(names = "--seed", paramLabel = "N",
            description = "With --all: the seed of the PCT samples taken when the depth-first search has not finished "
                    + "within half of --max-interleavings (default: a new one each time; the output names it).")
    Long seed;

    @Option(names = "--html", paramLabel = "FILE",
            description = "With --all: also write the exploration as a self-contained page of swimlanes, a lane per "
                    + "session, one panel per outcome combination with its shortest witness.")
    Path html;

    @Option(names = "--out", paramLabel = "DIR",
            description = "With --all: the folder for the exploration's files, explain.html (the page --html writes) "
                    + "and exploration.json, as run writes its report (default results/<timestamp>-explain).")
    Path outDir;

    @Option(names = "--unreduced",
            description = "With --all: every statement of a call a stop and every order run (nothing glued, nothing "
                    + "merged): the search the reduced one is checked against.")
    boolean unreduced;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Strategy s;
        Isolation level;
        TimelineFormat fmt;
        String command = worker != null ? worker : adapter.command(spec);
        if (worker != null && adapter.given()) {
            throw new ParameterException(spec.commandLine(), "--worker and --django both name your code; give one");
        }
        if ((strategy == null) == (command == null)) {
            throw new ParameterException(spec.commandLine(), "name what to explain: --strategy NAME or, with --all, "
                    + "--worker COMMAND or --django FUNCTION");
        }
        boolean javaCode = !strategyJars.isEmpty() && strategy != null && Strategies.isClassName(strategy);
        if ((command != null || javaCode) && !all) {
            throw new ParameterException(spec.commandLine(), (command != null ? "--worker" : "--strategy-jar's code")
                    + " is explored with --all (every interleaving); your code has no scripted two-session replay");
        }
        WorkerTable table = own.table(spec, command != null || javaCode && all,
                adapter.keysCommand(spec));       // not the strategies'
        String codeName = workerName != null ? workerName : adapter.given() ? adapter.name()
                : command != null ? WorkerCommand.defaultName(command) : null;
        GatedContender code = command != null
                ? new WorkerCommand(codeName, command, table)
                : javaCode ? new StrategyJars(strategyJars, spec).contender(strategy).onTable(table == null ? null : table::ground)
                : null;
        try {
            s = code != null ? null : Strategies.byName(strategy);
            level = isolation == null ? null : Isolation.parse(isolation);
            fmt = TimelineFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().startsWith("unknown strategy") ? e.getMessage()
                    : "bad --isolation or --format: " + e.getMessage().replaceAll(".*\\.", ""));
        }
        Settings settings;
        try {
            settings = Settings.one(set);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean firstAborts = scenario.equals(FIRST_INSERTER_ABORTS);
        Scenario sc = null;
        try {
            if (!firstAborts && s != null) {
                sc = scenario.equals("auto") ? Replayer.scenarioFor(s, priorRead) : Scenario.parse(scenario);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown scenario '" + scenario
                    + "'; use read-first, write-first, first-inserter-aborts or auto");
        }
        if (target.names().size() != 1) {
            throw new ParameterException(spec.commandLine(), "explain replays on one database; name one with --db");
        }
        String name = target.names().get(0);
        Target t;
        try {
            t = target.connect(name, 10, verbose, spec);
        } catch (Campaign.Unreachable e) {
            return ExitCode.UNREACHABLE;
        }
        try (t) {
            if (!settings.isEmpty()) {
                try {
                    t.trySettings(settings, Duration.ofSeconds(3));
                } catch (SQLException e) {
                    spec.commandLine().getErr().println("dbrace: " + t.label() + " refuses --set " + settings.describe() + ": "
                            + Campaign.rootMessage(e));
                    return ExitCode.USAGE;
                }
            }
            if (all || firstAborts) {
                int n = sessions != null ? sessions : firstAborts ? 3 : 2;
                Explorer.Options options;
                try {
                    options = Explorer.Options.of(n, maxInterleavings);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
                if (prune != null) {
                    options = options.pruned(prune);
                }
                if (unreduced) {
                    options = options.unreducedSearch();
                }
                if (seed != null) {
                    options = options.seeded(seed);
                }
                if (firstAborts) {
                    options = options.firstInserterAborts();
                }
                Exploration e;
                Explorer explorer = new Explorer(t);
                try (ExploreProgress progress = new ExploreProgress(spec.commandLine().getErr(), System.console() != null,
                        explorer, options.maxInterleavings())) {
                    if (code != null) {
                        try {
                            e = explorer.explore(code, level, settings, options);
                        } catch (IllegalArgumentException refused) {
                            throw new ParameterException(spec.commandLine(), refused.getMessage());
                        } catch (Caller.Broken | Explorer.Unexplorable b) {
                            progress.close();
                            spec.commandLine().getErr().println("dbrace: " + b.getMessage());
                            return ExitCode.ERROR;
                        }
                    } else {
                        e = explorer.explore(s, level, priorRead, settings, options);
                    }
                }
                String page = SwimlanePage.render(e);
                if (html != null) {
                    Files.writeString(html, page);
                }
                Path dir = outDir != null ? outDir : Path.of(ResultFiles.defaultDir() + "-explain");
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("explain.html"), page);
                Files.writeString(dir.resolve("exploration.json"), ExplorationFormat.parse("json").render(e));
                spec.commandLine().getErr().println("explain --all: " + dir.resolve("explain.html"));
                spec.commandLine().getOut().print(ExplorationFormat.parse(
                        format.equals("markdown") ? "text" : format).render(e));
                spec.commandLine().getOut().flush();
                return e.complete() ? ExitCode.OK : ExitCode.FAILED;
            }
            Timeline timeline = new Replayer(t).replay(s, level, priorRead, sc, settings);
            spec.commandLine().getOut().print(fmt.render(timeline));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }
    }
}
