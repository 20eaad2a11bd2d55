package dev.dbrace.style;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code names a class by its import, not inline by its package ({@code java.util.Set} in the middle of a method):
 * outside comments, string literals and text blocks, no qualified class name follows the imports of any source file,
 * but one that shares its simple name with a class the file declares (zonky's {@code EmbeddedPostgres} in ours).
 */
class QualifiedNamesTest {

    private static final Pattern QUALIFIED =
            Pattern.compile("(?<![\\w.$])[a-z]\\w*(?:\\.[a-z_][a-z0-9_]*)+\\.([A-Z]\\w*)");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
    private static final Pattern LAST_IMPORT = Pattern.compile("(?m)^(?:import|package) [^;]+;$");

    @Test
    void noSourceFileNamesAClassInlineByItsPackage() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String code = codeOnly(Files.readString(f));
                    Matcher head = LAST_IMPORT.matcher(code);
                    int body = 0;
                    while (head.find()) {
                        body = head.end();
                    }
                    Set<String> declared = new HashSet<>();
                    DECLARED.matcher(code).results().forEach(d -> declared.add(d.group(1)));
                    Matcher m = QUALIFIED.matcher(code);
                    while (m.find(body)) {
                        body = m.end();
                        if (declared.contains(m.group(1))) {
                            continue;       // the file's own class has that name: the other one must be written out
                        }
                        found.add(f + ":" + (code.substring(0, m.start()).split("\n", -1).length) + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).as("import these instead").isEmpty();
    }

    @Test
    void commentsStringsAndTextBlocksAreNotCode() {
        String masked = codeOnly("a(\"java.util.Set\"); // java.util.Map\n/* java.util.List */ b('x'); \"\"\"\n"
                + "  java.util.Deque\"\"\"; java.util.Queue q;");
        Matcher m = QUALIFIED.matcher(masked);
        assertThat(m.find()).isTrue();
        assertThat(m.group()).isEqualTo("java.util.Queue");
        assertThat(m.find()).isFalse();
    }

    /** The text with comments, string and character literals and text blocks blanked, newlines kept. */
    static String codeOnly(String src) {
        StringBuilder out = new StringBuilder(src);
        int i = 0;
        while (i < src.length()) {
            int end;
            if (src.startsWith("//", i)) {
                end = src.indexOf('\n', i);
                end = end < 0 ? src.length() : end;
            } else if (src.startsWith("/*", i)) {
                end = src.indexOf("*/", i + 2);
                end = end < 0 ? src.length() : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? src.length() : end + 3;
            } else if (src.charAt(i) == '"' || src.charAt(i) == '\'') {
                char quote = src.charAt(i);
                end = i + 1;
                while (end < src.length() && src.charAt(end) != quote) {
                    end += src.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, src.length());
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }
}
