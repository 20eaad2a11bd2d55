package dev.dbrace.cli;

import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How two saved runs were set up differently, one sentence per difference: threads, rounds, mode,
 * duration, the databases and their versions, the isolation levels and settings raced. {@code compare}
 * prints them before its table, so that a change in figures is not read as a change in the code.
 */
final class RunDifferences {

    private RunDifferences() {
    }

    static List<String> between(RunReport a, RunReport b) {
        List<String> lines = new ArrayList<>();
        differ(lines, "threads", a, b, r -> String.valueOf(r.threads()));
        differ(lines, "mode", a, b, r -> r.setup().mode());
        differ(lines, "rounds", a, b, r -> r.setup().mode().equals("rounds") ? String.valueOf(r.counts().rounds()) : null);
        Object da = a.config().get("duration_s");
        Object db = b.config().get("duration_s");
        if (!Objects.equals(da, db)) {
            lines.add("duration: " + seconds(da) + " in A, " + seconds(db) + " in B");
        }
        differ(lines, "database", a, b, r -> r.server().product() + " " + r.server().version());
        // levels over the strategies both raced: one that insists on its own level is not a difference of set-up
        Set<String> both = values(a, StrategyResult::strategy);
        both.retainAll(values(b, StrategyResult::strategy));
        differ(lines, "isolation and settings", a, b, r -> both.contains(r.strategy()) ? r.condition() : null);
        return lines;
    }

    private static String seconds(Object s) {
        return s == null ? "none" : s + " s";
    }

    /** One line when the set of {@code what}'s values over the rows of A differs from B's. */
    private static void differ(List<String> lines, String name, RunReport a, RunReport b, Function<StrategyResult, String> what) {
        Set<String> va = values(a, what);
        Set<String> vb = values(b, what);
        if (!va.equals(vb)) {
            lines.add(name + ": " + String.join(", ", va) + " in A, " + String.join(", ", vb) + " in B");
        }
    }

    private static Set<String> values(RunReport r, Function<StrategyResult, String> what) {
        Set<String> s = new LinkedHashSet<>();
        for (StrategyResult row : r.results()) {
            String v = what.apply(row);
            if (v != null) {
                s.add(v);
            }
        }
        if (s.isEmpty()) {
            s.add("none");
        }
        return s;
    }
}
