package dev.dbrace.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dbrace help}: where to start; {@code dbrace help COMMAND}: that command's options. */
@Command(name = "help", helpCommand = true, description = "Where to start; with a COMMAND, its options.")
final class HelpCommand implements Runnable {

    /** The five lines {@code dbrace} and {@code dbrace help} print. */
    static final String START = String.join(System.lineSeparator(),
            "dbrace races clients on one get-or-create and shows, with numbers, what each caller saw.",
            "  first:          dbrace run          the seed's code and its fixes on an embedded MariaDB (~20 s)",
            "  your own code:  docs/own-code.md    dbrace run --worker CMD --gate; dbrace explain --all --worker CMD",
            "  in CI:          docs/ci.md          dbrace check expectations.yml, which fails the build on a regression",
            "  every option:   dbrace --help, and dbrace help COMMAND (run, check, explain, report, compare, strategies)");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command whose options to print.")
    String command;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (command == null) {
            out.println(START);
            out.flush();
            return;
        }
        CommandLine sub = spec.commandLine().getParent().getSubcommands().get(command);
        if (sub == null) {
            throw new ParameterException(spec.commandLine(), "no command '" + command + "'; the commands are "
                    + String.join(", ", spec.commandLine().getParent().getSubcommands().keySet()));
        }
        sub.usage(out);
        out.flush();
    }
}
