package dev.dbrace.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrace.outcome.Outcome;
import java.util.Locale;

/** {@code explain --all}'s output: the distinct outcome pairs with their counts and shortest witnesses; text or JSON. */
public enum ExplorationFormat {
    TEXT, JSON;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static ExplorationFormat parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public String render(Exploration e) {
        return this == TEXT ? text(e) : json(e);
    }

    private static String extent(Exploration e) {
        String n = e.explored() + " interleavings" + (e.pruned() ? " (one for each set of orders that differ only in "
                + "independent statements)" : e.unreduced() ? " (unreduced: every statement a stop)" : "");
        switch (e.extent()) {
            case ALL:
                return n + ", all there are";
            case CUT:
                return n + ", cut by --max-interleavings: INCOMPLETE, there are more";
            case DIVERGED:
                return n + ", NOT all there are: " + diverged(e);
            default:
                break;
        }
        Exploration.Sampling s = e.sampling();
        return n + " in " + e.classes() + " classes of orders, SAMPLED: the space is larger than --max-interleavings, and "
                + "how large is not known. " + s.depthFirst() + " depth-first runs, then " + s.samples() + " PCT samples "
                + "of depth " + s.depth() + " (seed " + s.seed() + "): one sample reaches an outcome that needs at most "
                + s.depth() + " ordering constraints with probability at least " + String.format(Locale.ROOT, "%.2g",
                s.perRun()) + " (1/(k·n^(d−1)), n = " + s.steps() + " stops), so all " + s.samples() + " missed it with "
                + "probability at most " + String.format(Locale.ROOT, "%.2g", s.missed());
    }

    /** Why a search that tried every choice it met is still not all there are. */
    static String diverged(Exploration e) {
        return e.diverged() + " of its runs diverged from their replayed prefix (the server answered the same order "
                + "differently), so orders past those points may never have been offered";
    }

    private static String text(Exploration e) {
        StringBuilder b = new StringBuilder("explain --all: ").append(e.strategy()).append(" at ").append(e.isolation())
                .append(" on ").append(e.database()).append(" (").append(e.product()).append(' ').append(e.version())
                .append("), ").append(e.sessions()).append(" sessions: ").append(extent(e)).append('\n');
        if (e.firstAborts()) {
            b.append("first-inserter-aborts: T1's caller rolls its transaction back where the strategy commits (its "
                    + "column says what its call returned before that)\n");
        }
        if (!e.unreduced()) {
            b.append("stops and merges by: ").append(String.join("; ", e.rules())).append('\n');
        }
        if (e.pruned()) {
            b.append(e.redundant()).append(" runs were cut short (every order from there on was explored in another run); ");
        }
        b.append(e.blockings())
                .append(" statements were seen blocked on a lock")
                .append(e.stalls() > 0 ? " (" + e.stalls() + " of them only after " + Explorer.STALL_NANOS / 1_000_000
                        + " ms without an answer: the server's lock views did not show them waiting)" : "");
        b.append(e.diverged() > 0 ? "; " + e.diverged() + " runs diverged from their replayed prefix" : "")
                .append(String.format(Locale.ROOT, "; %.1f s%n%n", e.elapsedMs() / 1000.0));
        StringBuilder head = new StringBuilder();
        for (int i = 1; i <= e.sessions(); i++) {
            head.append(String.format(Locale.ROOT, "%-24s ", "T" + i));
        }
        b.append(head).append(String.format(Locale.ROOT, "%14s%n", "INTERLEAVINGS"));
        for (Exploration.Pair p : e.pairs()) {
            for (Outcome o : p.outcomes()) {
                b.append(String.format(Locale.ROOT, "%-24s ", o.key()));
            }
            b.append(String.format(Locale.ROOT, "%14d%n", p.interleavings()));
        }
        for (Exploration.Pair p : e.pairs()) {
            b.append("\nshortest witness of ").append(p.key()).append(":\n");
            b.append(e.sessions() == 2 ? TimelineFormat.columns(p.witness()) : TimelineFormat.lines(p.witness()));
        }
        return b.toString();
    }

    private static String json(Exploration e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("database", e.database()).put("product", e.product()).put("server_version", e.version())
                .put("strategy", e.strategy()).put("isolation", e.isolation()).put("sessions", e.sessions())
                .put("scenario", e.firstAborts() ? "first-inserter-aborts" : "all")
                .put("explored", e.explored()).put("complete", e.complete())
                .put("extent", e.extent().name().toLowerCase(Locale.ROOT)).put("pruned", e.pruned())
                .put("unreduced", e.unreduced()).put("classes", e.classes())
                .put("redundant_runs", e.redundant()).put("diverged", e.diverged())
                .put("blocked_statements", e.blockings())
                .put("blocked_after_stall", e.stalls()).put("elapsed_ms", e.elapsedMs());
        if (e.sampling() != null) {
            Exploration.Sampling s = e.sampling();
            n.putObject("sampled").put("depth_first_runs", s.depthFirst()).put("pct_samples", s.samples())
                    .put("pct_depth", s.depth()).put("steps", s.steps()).put("per_sample_probability", s.perRun())
                    .put("missed_probability", s.missed()).put("seed", s.seed());
        }
        ArrayNode rules = n.putArray("dependence");
        e.rules().forEach(rules::add);
        ArrayNode pairs = n.putArray("pairs");
        for (Exploration.Pair p : e.pairs()) {
            ObjectNode o = pairs.addObject();
            ArrayNode seen = o.putArray("outcomes");
            p.outcomes().forEach(x -> seen.add(x.key()));
            o.put("interleavings", p.interleavings());
            TimelineFormat.steps(o.putArray("witness"), p.witness());
        }
        try {
            return MAPPER.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
