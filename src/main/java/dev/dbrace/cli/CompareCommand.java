package dev.dbrace.cli;

import dev.dbrace.measure.LatencySummary;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.SummaryReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dbrace compare A B}: per strategy (matched by strategy, isolation and server product), the
 * change from run A to run B in anomalies per round (per call in hot-key mode), p50, p99 and throughput;
 * non-zero past the thresholds. Runs set up differently are named first, one line per difference.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Compare two saved runs per strategy; exit 1 when B regresses past a threshold.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no threshold crossed", "1:a threshold was crossed",
            "2:bad usage, an unreadable results file, or (with --strict) runs set up differently"})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The baseline results directory or summary.json.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The results to judge.")
    Path b;

    @Option(names = "--max-p99-regression", paramLabel = "PCT", converter = Percent.class,
            description = "Fail when p99 latency grows by more than this (e.g. 20%%).")
    Double maxP99;

    @Option(names = "--max-throughput-drop", paramLabel = "PCT", converter = Percent.class,
            description = "Fail when calls/s fall by more than this (e.g. 20%%).")
    Double maxDrop;

    @Option(names = "--max-anomaly-rise", paramLabel = "RATE", defaultValue = "0",
            description = "Fail when a strategy's anomalies per round (per call in hot-key mode) rise by more than "
                    + "RATE over A's (default ${DEFAULT-VALUE}); -1 to ignore.")
    double maxAnomalyRise;

    @Option(names = "--strict", description = "Exit 2 when the runs were set up differently (threads, rounds, mode, "
            + "duration, database or version, isolation or settings), instead of only saying so.")
    boolean strict;

    /** Parses "20%" or "20" as 20.0. */
    static final class Percent implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.trim().replace("%", "");
            try {
                double d = Double.parseDouble(v);
                if (d < 0) {
                    throw new CommandLine.TypeConversionException("'" + value + "' must not be negative");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a percentage (try 20%)");
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunReport ra;
        RunReport rb;
        try {
            ra = SummaryReader.read(a);
            rb = SummaryReader.read(b);
        } catch (SummaryReader.Invalid e) {
            spec.commandLine().getErr().println("dbrace: " + e.getMessage());
            return ExitCode.USAGE;
        }
        List<String> differences = RunDifferences.between(ra, rb);
        differences.forEach(d -> out.println("differs: " + d));
        if (strict && !differences.isEmpty()) {
            out.flush();
            spec.commandLine().getErr().println("dbrace: the runs were set up differently (" + differences.size()
                    + (differences.size() == 1 ? " difference" : " differences") + " above); --strict compares only like with like");
            return ExitCode.USAGE;
        }
        String fmt = "%-20s %-16s %-11s %22s %20s %20s %22s  %s%n";
        out.printf(Locale.ROOT, fmt, "STRATEGY", "ISOLATION", "PRODUCT", "ANOMALIES/ROUND", "p50 ms", "p99 ms", "ops/s", "");
        List<String> crossed = new ArrayList<>();
        for (StrategyResult y : rb.results()) {
            StrategyResult x = ra.results().stream().filter(r -> r.strategy().equals(y.strategy())
                    && r.condition().equals(y.condition()) && r.server().product().equals(y.server().product())).findFirst().orElse(null);
            if (x == null) {
                out.printf(Locale.ROOT, fmt, y.strategy(), y.condition(), y.server().product(), "new", "", "", "", "");
                continue;
            }
            LatencySummary lx = LatencySummary.of(x.latency().all());
            LatencySummary ly = LatencySummary.of(y.latency().all());
            double p99 = change(lx.p99(), ly.p99());
            double ops = change(x.throughput(), y.throughput());
            List<String> why = new ArrayList<>();
            double rise = rate(y) - rate(x);
            if (maxAnomalyRise >= 0 && rise > maxAnomalyRise + 1e-12) {
                why.add(String.format(Locale.ROOT, "anomalies/%s %+.3f", unit(y), rise));
            }
            if (maxP99 != null && p99 > maxP99) {
                why.add(String.format(Locale.ROOT, "p99 %+.0f%% > %.0f%%", p99, maxP99));
            }
            if (maxDrop != null && -ops > maxDrop) {
                why.add(String.format(Locale.ROOT, "ops/s %+.0f%% < -%.0f%%", ops, maxDrop));
            }
            if (x.verification().passed() && !y.verification().passed()) {
                why.add("verification now fails");
            }
            out.printf(Locale.ROOT, fmt, y.strategy(), y.condition(), y.server().product(),
                    String.format(Locale.ROOT, "%.3f → %.3f", rate(x), rate(y)) + (unit(y).equals("call") ? "/call" : ""),
                    ms(lx.p50()) + " → " + ms(ly.p50()), ms(lx.p99()) + " → " + ms(ly.p99()) + String.format(Locale.ROOT, " (%+.0f%%)", p99),
                    String.format(Locale.ROOT, "%.0f → %.0f (%+.0f%%)", x.throughput(), y.throughput(), ops),
                    why.isEmpty() ? "ok" : "REGRESSED: " + String.join(", ", why));
            if (!why.isEmpty()) {
                crossed.add(y.strategy() + " at " + y.condition());
            }
        }
        out.println(crossed.isEmpty() ? "no threshold crossed" : "regressed: " + String.join(", ", crossed));
        out.flush();
        return crossed.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }

    /**
     * Anomalies per round: counts of runs with other threads or rounds are not comparable, rates per round are
     * (the calls of one round are correlated, so the round is the unit); per call in hot-key mode, which has no rounds.
     */
    static double rate(StrategyResult r) {
        boolean rounds = r.setup().mode().equals("rounds");
        long per = rounds ? r.counts().rounds() : r.calls();
        return per == 0 ? 0 : (double) r.counts().anomalies() / per;
    }

    private static String unit(StrategyResult r) {
        return r.setup().mode().equals("rounds") ? "round" : "call";
    }

    private static double change(double from, double to) {
        return from == 0 ? 0 : 100.0 * (to - from) / from;
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
