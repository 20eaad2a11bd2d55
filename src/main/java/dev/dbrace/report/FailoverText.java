package dev.dbrace.report;

import dev.dbrace.race.StrategyResult;
import java.util.Locale;
import java.util.Map;

/** The text report's lines for a race through a fault: the strike, the failover, and the history check. */
final class FailoverText {

    private FailoverText() {
    }

    static void append(StringBuilder b, StrategyResult r) {
        StrategyResult.Failover f = r.failover();
        if (f.fault().isEmpty()) {
            return;
        }
        b.append("  fault: ").append(f.fault()).append('\n');
        if (f.struck()) {
            b.append(String.format(Locale.ROOT, "    struck %s at %.1f s; ", f.node(), f.struckMs() / 1000.0));
            b.append(f.healedMs() < 0 ? "no call succeeded after it"
                    : String.format(Locale.ROOT, "the first call begun after it succeeded at %.1f s (%.1f s without a "
                    + "writable primary)", f.healedMs() / 1000.0, (f.healedMs() - f.struckMs()) / 1000.0)).append('\n');
        }
        if (!f.note().isEmpty()) {
            b.append("    ").append(f.note()).append('\n');
        }
        b.append("    calls answered: ").append(windows(f.calls())).append('\n');
        if (f.counts().isEmpty()) {
            return;             // the note says why nothing was checked
        }
        b.append("    history against the final table: acknowledged creates lost ").append(kind(f, "lost_create"))
                .append("; keys given two ids ").append(kind(f, "created_twice"))
                .append("; found ids gone ").append(kind(f, "found_gone"))
                .append("; in doubt (connection died mid-call, neither lost nor safe) ").append(kind(f, "unknown"))
                .append('\n');
        f.findings().forEach(x -> b.append("      ").append(x).append('\n'));
    }

    private static String kind(StrategyResult.Failover f, String kind) {
        return f.count(kind) + " (" + windows(f.counts().getOrDefault(kind, Map.of())) + ")";
    }

    private static String windows(Map<String, Long> byWindow) {
        return "before " + byWindow.getOrDefault("before", 0L) + ", during " + byWindow.getOrDefault("during", 0L)
                + ", after " + byWindow.getOrDefault("after", 0L);
    }
}
