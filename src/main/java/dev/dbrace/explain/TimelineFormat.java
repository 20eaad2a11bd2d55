package dev.dbrace.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders a {@link Timeline} as two columns of text, a Markdown table, or JSON. */
public enum TimelineFormat {
    TEXT, MARKDOWN, JSON;

    private static final int COLUMN = 58;

    public static TimelineFormat parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public String render(Timeline t) {
        return switch (this) {
            case TEXT -> text(t);
            case MARKDOWN -> markdown(t);
            case JSON -> json(t);
        };
    }

    /** The statement without dbrace's table prefix and with the column list abridged. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    static String shorten(String sql) {
        // an ORM's line breaks and indents (SQLAlchemy's) become single spaces: a statement is one line to wrap
        return WHITESPACE.matcher(sql.strip()).replaceAll(" ").replaceAll("dbrace_[a-z_]*?myobj", "myobj")
                .replace(" (thing_id, owner_id, state) VALUES (?, ?, ?)", " VALUES (?, ?, ?)");
    }

    /** One row of the timeline: the time, and the text in T1's or T2's column. */
    private record Row(long millis, int session, String text) {
    }

    /** Joins each SENT with its result when nothing happened in between. */
    static List<String[]> rows(Timeline t) {
        return rows(t.steps());
    }

    /** The steps of a timeline as rows: milliseconds, T1's text, T2's text. */
    static List<String[]> rows(List<Step> steps) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            switch (s.kind()) {
                case SENT -> {
                    Step next = i + 1 < steps.size() ? steps.get(i + 1) : null;
                    if (next != null && next.session() == s.session() && next.kind() != Step.Kind.SENT
                            && next.kind() != Step.Kind.EVENT) {
                        rows.add(new Row(s.millis(), s.session(), shorten(s.sql()) + " → " + result(next)));
                        i++;
                    } else {
                        rows.add(new Row(s.millis(), s.session(), shorten(s.sql()) + " …"));
                    }
                }
                case RETURNED, FAILED -> rows.add(new Row(s.millis(), s.session(), "… " + result(s)));
                case EVENT -> rows.add(new Row(s.millis(), s.session(), "** " + s.text() + " **"));
                default -> throw new IllegalStateException(s.kind().toString());
            }
        }
        List<String[]> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new String[] {String.valueOf(r.millis()), r.session() == 1 ? r.text() : "", r.session() == 2 ? r.text() : ""});
        }
        return out;
    }

    private static String result(Step s) {
        return s.kind() == Step.Kind.FAILED ? "ERROR " + compact(s.error()) : s.text();
    }

    /** "SQLState 23000, code 1062" → "1062/23000"; "SQLState 23505, code 0" → "23505": one word, never wrapped. */
    public static String compact(String error) {
        Matcher m = Pattern.compile("SQLState (\\S+), code (\\d+)").matcher(error);
        if (!m.matches()) {
            return error.replace(' ', '_');
        }
        return m.group(2).equals("0") ? m.group(1) : m.group(2) + "/" + m.group(1);
    }

    private static String header(Timeline t) {
        return "explain " + t.strategy() + " on " + t.database() + " (" + t.product() + " " + t.serverVersion() + ") at "
                + t.isolation() + settings(t) + (t.priorRead() ? " with a prior read" : "") + ", " + t.scenario().key()
                + " interleaving";
    }

    private static String settings(Timeline t) {
        StringBuilder b = new StringBuilder();
        t.settings().forEach((k, v) -> b.append(b.length() == 0 ? " with " : ", ").append(k).append('=').append(v));
        return b.toString();
    }

    private static String outcomes(Timeline t) {
        return "T1: " + t.outcome1().key() + (t.id1() > 0 ? " (id " + t.id1() + ")" : "")
                + "    T2: " + t.outcome2().key() + (t.id2() > 0 ? " (id " + t.id2() + ")" : "");
    }

    private static String text(Timeline t) {
        StringBuilder b = new StringBuilder(header(t)).append("\n\n");
        b.append(columns(t.steps()));
        b.append('\n').append(outcomes(t)).append("\n\n");
        wrap(t.conclusion(), 100).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    /** Steps one per line, "T3  INSERT … → ERROR 1213/40001", for timelines of more than two sessions. */
    static String lines(List<Step> steps) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String text = switch (s.kind()) {
                case SENT -> {
                    Step next = i + 1 < steps.size() ? steps.get(i + 1) : null;
                    if (next != null && next.session() == s.session()
                            && (next.kind() == Step.Kind.RETURNED || next.kind() == Step.Kind.FAILED)) {
                        i++;
                        yield shorten(s.sql()) + " → " + result(next);
                    }
                    yield shorten(s.sql()) + " …";
                }
                case RETURNED, FAILED -> "… " + result(s);
                case EVENT -> "** " + s.text() + " **";
            };
            b.append(String.format(Locale.ROOT, "%6d  T%d  %s%n", s.millis(), s.session(), text));
        }
        return b.toString();
    }

    /** Steps in two columns, T1's and T2's, with the time at the left: the timeline's text layout. */
    static String columns(List<Step> steps) {
        StringBuilder b = new StringBuilder();
        String fmt = "%6s  %-" + COLUMN + "s | %s%n";
        b.append(String.format(Locale.ROOT, fmt, "ms", "T1", "T2"));
        for (String[] r : rows(steps)) {
            List<String> left = wrap(r[1], COLUMN);
            List<String> right = wrap(r[2], COLUMN);
            for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
                b.append(String.format(Locale.ROOT, fmt, i == 0 ? r[0] : "", i < left.size() ? left.get(i) : "",
                        i < right.size() ? right.get(i) : "").stripTrailing()).append('\n');
            }
        }
        return b.toString();
    }

    private static String markdown(Timeline t) {
        StringBuilder b = new StringBuilder("**").append(header(t)).append("**\n\n| ms | T1 | T2 |\n|---:|---|---|\n");
        for (String[] r : rows(t)) {
            b.append("| ").append(r[0]).append(" | ").append(cell(r[1])).append(" | ").append(cell(r[2])).append(" |\n");
        }
        return b.append('\n').append(outcomes(t)).append("\n\n").append(t.conclusion()).append('\n').toString();
    }

    private static String cell(String s) {
        return s.isEmpty() ? "" : "`" + s.replace("|", "\\|").replace("`", "'") + "`";
    }

    private static String json(Timeline t) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = m.createObjectNode();
        n.put("database", t.database()).put("product", t.product()).put("server_version", t.serverVersion())
                .put("strategy", t.strategy()).put("isolation", t.isolation()).put("prior_read", t.priorRead())
                .put("scenario", t.scenario().key());
        ObjectNode settings = n.putObject("settings");
        t.settings().forEach(settings::put);
        steps(n.putArray("steps"), t.steps());
        n.putObject("t1").put("outcome", t.outcome1().key()).put("id", t.id1());
        n.putObject("t2").put("outcome", t.outcome2().key()).put("id", t.id2());
        n.put("blocked", t.blocked() == 0 ? null : "T" + t.blocked());
        n.put("conclusion", t.conclusion());
        try {
            return m.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> wrap(String s, int width) {
        List<String> lines = new ArrayList<>();
        String rest = s;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) {
                cut = width;
            }
            lines.add(rest.substring(0, cut));
            rest = "  " + rest.substring(cut).trim();
        }
        lines.add(rest);
        return lines;
    }

    /** The steps as JSON objects {ms, session: "T1", kind, sql, text, error}: one form for a replay and a witness. */
    static void steps(ArrayNode into, List<Step> steps) {
        for (Step s : steps) {
            ObjectNode o = into.addObject().put("ms", s.millis()).put("session", "T" + s.session())
                    .put("kind", s.kind().name().toLowerCase(Locale.ROOT));
            if (s.sql() != null) {
                o.put("sql", shorten(s.sql()));
            }
            if (s.text() != null) {
                o.put("text", s.text());
            }
            if (s.error() != null) {
                o.put("error", s.error());
            }
        }
    }
}
