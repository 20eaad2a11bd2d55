package dev.dbrace.cli;

import dev.dbrace.campaign.Campaign;
import dev.dbrace.db.Mask;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dbrace} command line. */
@Command(name = "dbrace", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Proves, with numbers, how a get-or-create of one database row behaves when many clients race for it.",
        subcommands = {RunCommand.class, CheckCommand.class, ExplainCommand.class, ReportCommand.class, CompareCommand.class, StrategiesCommand.class, HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(HelpCommand.START);       // dbrace alone: where to start
        spec.commandLine().getOut().flush();
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        // dbrace's report (text, JSON) is all that goes to standard output: code it runs in its own process (a
        // --strategy-jar's Spring context logging through Logback's console) prints to standard error instead
        cl.setOut(new PrintWriter(System.out, true));
        System.setOut(System.err);
        System.exit(cl.execute(args));
    }

    /** The configured command line, for {@link #main} and for tests that run dbrace in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("dbrace: " + Mask.text(ex.getMessage()));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("dbrace: " + Mask.text(Campaign.rootMessage(ex)));
            if (parsed.hasMatchedOption("--verbose")) {
                ex.printStackTrace(c.getErr());
            } else {
                c.getErr().println("(run again with --verbose for the stack trace)");
            }
            c.getErr().flush();
            return ExitCode.ERROR;
        });
        return cl;
    }
}
