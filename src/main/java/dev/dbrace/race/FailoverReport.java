package dev.dbrace.race;

import dev.dbrace.fault.FaultPlan;
import dev.dbrace.verify.HistoryCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Makes a race's {@link StrategyResult.Failover} from its history and final table: a pure function of both. */
final class FailoverReport {

    /** Findings listed one per line; the counts hold them all. */
    static final int MAX_FINDINGS = 20;

    private FailoverReport() {
    }

    /**
     * @param node        the node the fault struck; null when it did not strike
     * @param failure     why it could not strike; null when it could
     * @param boundPassed no call succeeded within the failover's bound
     * @param originNanos the first call's start: times are counted from it
     * @param table       each key's ids in the final table; null when it could not be read (nothing is checked)
     * @param struckNanos when the strike began (the fault window opens); {@code Long.MAX_VALUE} when it did not
     * @param healedNanos when the first call begun after the strike succeeded; 0 when none did
     */
    static StrategyResult.Failover of(FaultPlan plan, String node, String failure, boolean boundPassed,
                                      List<HistoryCheck.Call> history, Map<String, Set<Long>> table, long originNanos,
                                      long struckNanos, long healedNanos) {
        boolean struck = node != null;
        long fault = struck ? struckNanos : Long.MAX_VALUE;
        long healed = healedNanos != 0 ? healedNanos : Long.MAX_VALUE;
        HistoryCheck.Result r = table == null ? new HistoryCheck.Result(List.of(), Map.of())
                : HistoryCheck.check(history, table, fault, healed);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        r.counts().forEach((kind, byWindow) -> {
            Map<String, Long> w = new LinkedHashMap<>();
            byWindow.forEach((window, n) -> w.put(key(window), n));
            counts.put(key(kind), w);
        });
        Map<String, Long> calls = new LinkedHashMap<>();
        for (HistoryCheck.Window w : HistoryCheck.Window.values()) {
            calls.put(key(w), 0L);
        }
        TreeMap<Long, long[]> seconds = new TreeMap<>();
        for (HistoryCheck.Call c : history) {
            calls.merge(key(HistoryCheck.window(c, fault, healed)), 1L, Long::sum);
            long[] s = seconds.computeIfAbsent(Math.max(0, c.endNanos() - originNanos) / 1_000_000_000, x -> new long[2]);
            s[c.outcome().isSuccess() ? 0 : 1]++;
        }
        List<StrategyResult.Second> timeline = new ArrayList<>();
        if (!seconds.isEmpty()) {
            for (long s = 0; s <= seconds.lastKey(); s++) {
                long[] n = seconds.getOrDefault(s, new long[2]);
                timeline.add(new StrategyResult.Second(s, n[0], n[1]));
            }
        }
        List<String> findings = new ArrayList<>();
        for (HistoryCheck.Finding f : r.findings()) {
            if (f.kind() != HistoryCheck.Kind.UNKNOWN && findings.size() < MAX_FINDINGS) {
                findings.add(line(f, originNanos));
            }
        }
        String unread = table == null ? "; the final table could not be read, so the history was not checked" : "";
        String note = failure != null ? failure
                : !struck ? "the race ended before the fault was due: nothing struck"
                : boundPassed ? "no call that began after the strike succeeded within " + plan.failoverBound().toSeconds()
                        + " s: the cluster did not fail over in time, and the race was stopped"
                : "";
        note = note.isEmpty() && !unread.isEmpty() ? unread.substring(2) : note + unread;
        return new StrategyResult.Failover(plan.describe(), struck ? node : "", note,
                struck ? ms(struckNanos - originNanos) : -1, healedNanos != 0 ? ms(healedNanos - originNanos) : -1,
                counts, calls, List.copyOf(findings), List.copyOf(timeline));
    }

    /** Contradictions of the table that fail the verification: lost creates, keys given two ids, found ids gone. */
    static long problems(StrategyResult.Failover f) {
        return f.count("lost_create") + f.count("created_twice") + f.count("found_gone");
    }

    private static String line(HistoryCheck.Finding f, long origin) {
        StringBuilder b = new StringBuilder(key(f.kind())).append(": key #").append(f.key()).append(" (")
                .append(key(f.window())).append(')');
        for (HistoryCheck.Call c : f.calls()) {
            b.append("; told ").append(key(c.outcome())).append(" id ").append(c.id()).append(" at ")
                    .append(ms(c.endNanos() - origin)).append(" ms on ").append(c.node());
        }
        return b.toString();
    }

    private static long ms(long nanos) {
        return Math.max(0, nanos) / 1_000_000;
    }

    private static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
