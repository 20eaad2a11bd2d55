package dev.dbrace.report;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Verdict;
import dev.dbrace.race.StrategyResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown: per database (and per set of {@code --set} settings), a table of strategy × isolation
 * level whose cells give the verdict and the most frequent failing outcome with its share of calls —
 * docs/strategies.md's matrix.
 */
public final class MatrixFormat implements ResultFormat {

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        Map<String, List<StrategyResult>> byDb = new LinkedHashMap<>();
        for (StrategyResult r : report.results()) {
            String settings = r.setup().settingsText();
            byDb.computeIfAbsent(r.database() + (settings.isEmpty() ? "" : ", " + settings), k -> new ArrayList<>()).add(r);
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<StrategyResult>> db : byDb.entrySet()) {
            StrategyResult any = db.getValue().get(0);
            List<String> levels = new ArrayList<>();
            List<String> strategies = new ArrayList<>();
            for (StrategyResult r : db.getValue()) {
                if (!levels.contains(r.isolation())) {
                    levels.add(r.isolation());
                }
                if (!strategies.contains(r.strategy())) {
                    strategies.add(r.strategy());
                }
            }
            levels.sort(Comparator.comparingInt(MatrixFormat::rank));
            b.append("**").append(any.server().product()).append(' ').append(shortVersion(any.server().version())).append("** (")
                    .append(db.getKey()).append(", ").append(any.threads()).append(" threads × ").append(any.counts().rounds())
                    .append(" rounds").append(any.setup().priorRead() ? ", a prior read in every transaction" : "")
                    .append(")\n\n| strategy |");
            levels.forEach(l -> b.append(' ').append(l).append(" |"));
            b.append("\n|---|");
            levels.forEach(l -> b.append("---|"));
            b.append('\n');
            for (String s : strategies) {
                b.append("| `").append(s).append("` |");
                for (String l : levels) {
                    StrategyResult r = find(db.getValue(), s, l);
                    b.append(' ').append(r == null ? "·" : cell(r)).append(" |");
                }
                b.append('\n');
            }
            b.append('\n');
        }
        out.write(b.toString());
        out.flush();
    }

    private static int rank(String level) {
        return switch (level) {
            case "read-uncommitted" -> 0;
            case "read-committed" -> 1;
            case "repeatable-read" -> 2;
            default -> 3;
        };
    }

    private static StrategyResult find(List<StrategyResult> list, String strategy, String level) {
        return list.stream().filter(r -> r.strategy().equals(strategy) && r.isolation().equals(level)).findFirst().orElse(null);
    }

    /** "SAFE", or "RACY: 58% does_not_exist". */
    static String cell(StrategyResult r) {
        Outcome worst = Verdict.commonestAnomaly(r.outcomes());
        String verdict = r.verdict().name();
        if (worst == null) {
            return "**" + verdict + "**";
        }
        return String.format(Locale.ROOT, "%s: %.0f%% %s", verdict, 100.0 * r.outcomes().get(worst) / r.calls(), worst.key());
    }

    private static String shortVersion(String v) {
        Matcher m = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?").matcher(v);
        return m.find() ? m.group() : v;
    }
}
