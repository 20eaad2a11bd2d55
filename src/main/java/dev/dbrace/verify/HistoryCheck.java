package dev.dbrace.verify;

import dev.dbrace.outcome.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a race through a fault did to the rows its callers were told about, as one pure function of the history and the
 * final table (as Elle checks a history: no server is asked anything here). The history holds each call's key, node,
 * start and end, the outcome it was told and the id; the final table is each key's ids on the node that survived. It
 * reports, each counted before, during and after the fault window:
 * <ul>
 *     <li>acknowledged creates lost: a caller was told "created, id N" and the table has no row N for its key;</li>
 *     <li>keys created twice: callers were told two different ids for one key, as created or found;</li>
 *     <li>found ids gone: a caller was told "found, id N" and the table has no row N for its key;</li>
 *     <li>unknown: calls whose connection died where they could not tell whether their transaction committed
 *     (Jepsen's {@code :info}), counted apart, and never as lost or as safe.</li>
 * </ul>
 */
public final class HistoryCheck {

    private HistoryCheck() {
    }

    /**
     * One call of the history.
     *
     * @param key        the key it raced, as the table holds it
     * @param node       the node it ran on
     * @param startNanos when it started, on the race's clock
     * @param endNanos   when it was answered
     * @param outcome    what its caller was told
     * @param id         the row's id it was given with created or found; 0 otherwise
     * @param inDoubt    its connection died before it could tell whether it committed
     */
    public record Call(String key, String node, long startNanos, long endNanos, Outcome outcome, long id,
                       boolean inDoubt) {
    }

    /** Where a call ended against the fault: before it began, while it lasted (to the failover's end), or after. */
    public enum Window { BEFORE, DURING, AFTER }

    /** One finding: what it is, the key, and the calls behind it. */
    public record Finding(Kind kind, String key, Window window, List<Call> calls) {
    }

    /** The kinds of finding. */
    public enum Kind { LOST_CREATE, CREATED_TWICE, FOUND_GONE, UNKNOWN }

    /** Every finding, and their counts by kind and window. */
    public record Result(List<Finding> findings, Map<Kind, Map<Window, Long>> counts) {

        public long count(Kind kind) {
            return counts.get(kind).values().stream().mapToLong(Long::longValue).sum();
        }

        /** True when no acknowledged create was lost, no key got two ids, and no found id is gone. */
        public boolean clean() {
            return count(Kind.LOST_CREATE) == 0 && count(Kind.CREATED_TWICE) == 0 && count(Kind.FOUND_GONE) == 0;
        }
    }

    /**
     * @param history     every call, in any order
     * @param table       each key's ids on the surviving node (a key with no row may be left out)
     * @param faultNanos  when the fault began, on the calls' clock
     * @param healedNanos when the failover was over (the first call answered by the new primary, say)
     */
    public static Result check(List<Call> history, Map<String, Set<Long>> table, long faultNanos, long healedNanos) {
        List<Finding> findings = new ArrayList<>();
        Map<String, List<Call>> byKey = new LinkedHashMap<>();
        for (Call c : history) {
            byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<Call>> e : byKey.entrySet()) {
            String key = e.getKey();
            Set<Long> rows = table.getOrDefault(key, Set.of());
            Map<Long, Call> told = new LinkedHashMap<>();      // each id given out for the key, and its first call
            for (Call c : e.getValue()) {
                if (c.inDoubt()) {
                    findings.add(new Finding(Kind.UNKNOWN, key, window(c, faultNanos, healedNanos), List.of(c)));
                    continue;
                }
                if (c.outcome() != Outcome.CREATED && c.outcome() != Outcome.FOUND || c.id() <= 0) {
                    continue;
                }
                told.putIfAbsent(c.id(), c);
                if (!rows.contains(c.id())) {
                    findings.add(new Finding(c.outcome() == Outcome.CREATED ? Kind.LOST_CREATE : Kind.FOUND_GONE, key,
                            window(c, faultNanos, healedNanos), List.of(c)));
                }
            }
            if (told.size() > 1) {
                List<Call> calls = new ArrayList<>(told.values());
                Call last = calls.stream().max((a, b) -> Long.compare(a.endNanos(), b.endNanos())).orElseThrow();
                findings.add(new Finding(Kind.CREATED_TWICE, key, window(last, faultNanos, healedNanos), List.copyOf(calls)));
            }
        }
        Map<Kind, Map<Window, Long>> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            Map<Window, Long> w = new EnumMap<>(Window.class);
            for (Window x : Window.values()) {
                w.put(x, 0L);
            }
            counts.put(k, w);
        }
        for (Finding f : findings) {
            counts.get(f.kind()).merge(f.window(), 1L, Long::sum);
        }
        return new Result(List.copyOf(findings), counts);
    }

    /** The window {@code c} ended in: before the fault, during it (to the failover's end), or after. */
    public static Window window(Call c, long faultNanos, long healedNanos) {
        return c.endNanos() < faultNanos ? Window.BEFORE : c.endNanos() <= healedNanos ? Window.DURING : Window.AFTER;
    }

    /** Each key's ids, from rows of (key, id): how a table read back becomes {@link #check}'s argument. */
    public static Map<String, Set<Long>> table(List<Map.Entry<String, Long>> rows) {
        Map<String, Set<Long>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> r : rows) {
            out.computeIfAbsent(r.getKey(), k -> new LinkedHashSet<>()).add(r.getValue());
        }
        return out;
    }
}
