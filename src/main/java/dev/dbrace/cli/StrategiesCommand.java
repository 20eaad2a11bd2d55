package dev.dbrace.cli;

import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dbrace strategies}: one line per strategy. */
@Command(name = "strategies", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the get-or-create strategies dbrace can race.")
public final class StrategiesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Strategy s : Strategies.all()) {
            String iso = s.isolation() == null ? "" : "  [" + s.isolation().key() + "]";
            spec.commandLine().getOut().printf("%-18s %s%s%n", s.name(), s.summary(), iso);
        }
        return ExitCode.OK;
    }
}
