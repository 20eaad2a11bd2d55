package dev.dbrace.cli;

import dev.dbrace.report.CsvFormat;
import dev.dbrace.report.HtmlFormat;
import dev.dbrace.report.JsonFormat;
import dev.dbrace.report.MatrixFormat;
import dev.dbrace.report.ResultFiles;
import dev.dbrace.report.ResultFormat;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.SummaryReader;
import dev.dbrace.report.TextFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dbrace report DIR}: rebuild the report files from a saved {@code summary.json}, or print one format. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Rebuild report.html, summary.csv and latency.hlog from a saved summary.json, "
                + "or print the results in one format.")
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A results directory (or its summary.json).")
    Path dir;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Print instead of rebuilding: text, matrix (Markdown strategy × isolation tables), csv, json, html.")
    String format;

    @Override
    public Integer call() throws Exception {
        RunReport report;
        try {
            report = SummaryReader.read(dir);
        } catch (SummaryReader.Invalid e) {
            spec.commandLine().getErr().println("dbrace: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (format == null) {
            Path out = Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
            ResultFiles.writeAll(out, report);
            new TextFormat(false).write(report, spec.commandLine().getOut());
            spec.commandLine().getOut().println("rebuilt: " + out.resolve("report.html") + ", summary.csv, latency.hlog");
            return ExitCode.OK;
        }
        ResultFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> new TextFormat(true);
            case "matrix", "markdown" -> new MatrixFormat();
            case "csv" -> new CsvFormat();
            case "json" -> new JsonFormat();
            case "html" -> new HtmlFormat();
            default -> null;
        };
        if (f == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown format '" + format + "'; use text, matrix, csv, json or html");
        }
        f.write(report, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
