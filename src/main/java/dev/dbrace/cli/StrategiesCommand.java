package dev.dbrace.cli;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dbrace strategies}: one line per strategy. */
@Command(name = "strategies", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the get-or-create strategies dbrace can race.")
public final class StrategiesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--strategy-jar", paramLabel = "JAR", split = ":",
            description = "Also list the GetOrCreate classes this jar declares in META-INF/services/dev.dbrace.api.GetOrCreate; a class path (a:b:c) or repeated.")
    List<Path> strategyJars = new ArrayList<>();

    @Override
    public Integer call() {
        for (Strategy s : Strategies.all()) {
            String iso = s.isolation() == null ? "" : "  [" + s.isolation().key() + "]";
            spec.commandLine().getOut().printf("%-18s %s%s%n", s.name(), s.summary(), iso);
        }
        if (!strategyJars.isEmpty()) {
            for (GetOrCreate g : new StrategyJars(strategyJars, spec).declared()) {
                spec.commandLine().getOut().printf("%-18s your code: --strategy %s%n", g.name(), g.getClass().getName());
            }
        }
        return ExitCode.OK;
    }
}
