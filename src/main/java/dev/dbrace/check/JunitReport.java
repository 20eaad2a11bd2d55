package dev.dbrace.check;

import dev.dbrace.db.Mask;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Writes judgements as JUnit XML, one testcase per expectation, which CI systems display natively. */
public final class JunitReport {

    private JunitReport() {
    }

    public static void write(List<Judgement> judgements, String database, Instant when, Writer out) throws IOException {
        long failures = judgements.stream().filter(j -> !j.held()).count();
        double total = judgements.stream().mapToDouble(JunitReport::seconds).sum();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT,
                "<testsuite name=\"dbrace check\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">%n",
                judgements.size(), failures, total, when));
        for (Judgement j : judgements) {
            b.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
                    xml("dbrace." + Mask.text(database)),
                    xml(j.expectation().describe() + " is " + j.expectation().claim().name().toLowerCase(Locale.ROOT)),
                    seconds(j)));
            if (j.held()) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n    <failure message=\"").append(xml(Mask.text(j.failures().get(0))))
                    .append("\" type=\"ExpectationFailed\">")
                    .append(xml(Mask.text(String.join("\n", j.failures()) + (j.result() == null ? "" : "\noutcomes: " + j.result().outcomes().asMap())
                            + "\nline " + j.expectation().line() + " of the expectations file")))
                    .append("</failure>\n  </testcase>\n");
        }
        b.append("</testsuite>\n");
        out.write(b.toString());
    }

    private static double seconds(Judgement j) {
        return j.result() == null ? 0 : j.result().timing().wallNanos() / 1e9;
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
