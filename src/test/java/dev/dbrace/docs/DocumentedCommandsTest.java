package dev.dbrace.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.dbrace.cli.ExitCode;
import dev.dbrace.cli.Main;
import dev.dbrace.db.Target;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README and the pages under {@code docs/} say what they show: every {@code scripts/dbrace} command in a
 * {@code ```sh runnable} block runs, in-process through the launcher's entry ({@link Main#commandLine()}), and
 * ends in 0: a race the page shows verifies (a RACY verdict is a finding, exit 0; a failed verification exits 1),
 * an exploration is complete, a claim holds (only {@code compare} may answer 1, a regression); and every relative
 * link leads to a file, and every anchor to a heading.
 */
class DocumentedCommandsTest {

    private static final String LAUNCHER = "scripts/dbrace";
    private static final String RUNNABLE_FENCE = "```sh runnable";
    /** The local services the pages name; a command on one is skipped when it is not reachable. */
    private static final String MARIADB_SERVICE = "jdbc:mysql://127.0.0.1:3306/test";
    private static final String POSTGRES_SERVICE = "jdbc:postgresql://127.0.0.1:5432/test";
    /** Options whose value is a file or folder dbrace writes: pointed into a temporary folder, never into results/. */
    private static final Set<String> WRITTEN = Set.of("--out", "--json", "--junit");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"></a>");

    private static final Path ROOT = projectRoot();

    @TempDir
    static Path tmp;

    /** A command as a page shows it, and where. */
    record Documented(Path page, int line, String command) {
        String where() {
            return ROOT.relativize(page) + ":" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRunnableCommandRuns() throws IOException {
        Map<String, Documented> commands = new LinkedHashMap<>();
        for (Path page : pages()) {
            for (Documented d : runnable(page)) {
                commands.putIfAbsent(d.command(), d);
            }
        }
        assertThat(commands).as("commands in ```sh runnable blocks of README.md and docs/*.md").isNotEmpty();
        int[] n = {0};
        return commands.values().stream().map(d -> DynamicTest.dynamicTest(d.command(),
                URI.create(d.page().toUri() + "?line=" + d.line()), () -> runDocumented(d, tmp.resolve("cmd-" + ++n[0]))));
    }

    @TestFactory
    Stream<DynamicTest> everyRelativeLinkResolves() throws IOException {
        List<Path> pages = pages();
        assertThat(pages).contains(ROOT.resolve("README.md"));
        return pages.stream().map(page -> DynamicTest.dynamicTest("links in " + ROOT.relativize(page), page.toUri(), () -> {
            List<String> broken = brokenLinks(page);
            assertThat(broken).as("broken links in " + ROOT.relativize(page)).isEmpty();
        }));
    }

    // ---- running a documented command

    private static void runDocumented(Documented d, Path dir) throws Exception {
        String what = d.command() + "\n  (" + d.where() + ")";
        List<String> words;
        try {
            words = split(d.command());
        } catch (IllegalArgumentException e) {
            fail(what + ": " + e.getMessage());
            return;
        }
        assertThat(words.get(0)).as(what + ": a runnable line starts with " + LAUNCHER).isEqualTo(LAUNCHER);
        assertThat(d.command()).as(what + ": no placeholders in a runnable line").doesNotContain("…", "...");
        Files.createDirectories(dir);
        List<String> args = arguments(words.subList(1, words.size()), dir);
        Cli.Running running = Cli.start(args.toArray(String[]::new));
        try {
            running.exit().get(10, TimeUnit.MINUTES);      // a hang guard, not a time limit
        } catch (TimeoutException e) {
            fail(what + ": still running after 10 minutes");
        }
        Cli r = running.await();
        String shown = what + "\n  as: dbrace " + String.join(" ", args) + "\n  exit " + r.exit()
                + "\n--- stderr\n" + r.err() + "\n--- stdout (end)\n" + tail(r.out(), 40);
        // compare's answer is its exit: 1 when B regresses past a threshold, which is what the pages show it for
        List<Integer> expected = args.contains("compare") ? List.of(ExitCode.OK, ExitCode.FAILED) : List.of(ExitCode.OK);
        assertThat(r.exit()).as(shown + "\n" + (r.exit() == ExitCode.USAGE ? "exit 2 is a usage error: the page shows "
                + "an option or value dbrace does not take" : "")).isIn(expected);
    }

    /**
     * The command's arguments as run here: the two local services as the tests reach them (a command on one that
     * is not reachable is skipped), files and folders dbrace writes put into {@code dir}, and paths of the project
     * made absolute, so that nothing is written into results/ and the working directory does not matter.
     */
    static List<String> arguments(List<String> documented, Path dir) throws IOException {
        List<String> args = new ArrayList<>(documented);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.contains("127.0.0.1:3306")) {
                Databases.mariaDbService();                  // skips when the service is not reachable
                args.set(i, a.replace(MARIADB_SERVICE, Databases.MARIADB_SERVICE_URL));
            } else if (a.contains("127.0.0.1:5432")) {
                Databases.postgresService();
                args.set(i, a.replace(POSTGRES_SERVICE, Databases.POSTGRES_SERVICE_URL));
            }
        }
        String sub = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        CommandLine command = sub == null ? null : Main.commandLine().getSubcommands().get(sub);
        int written = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (WRITTEN.contains(name)) {
                Path into = dir.resolve(name.substring(2) + "-" + written++ + (name.equals("--out") ? "" : ".out"));
                if (a.contains("=")) {
                    args.set(i, name + "=" + into);
                } else if (i + 1 < args.size()) {
                    args.set(++i, into.toString());
                }
            } else if (!a.startsWith("-") && a.contains("/") && !a.contains(":") && Files.exists(ROOT.resolve(a))) {
                args.set(i, ROOT.resolve(a).toString());
            }
        }
        if (command != null && command.getCommandSpec().findOption("--url") != null
                && args.stream().noneMatch(a -> a.equals("--url") || a.equals("--db") || a.startsWith("--server-set"))) {
            // the embedded default: this JVM's embedded MariaDB, started once for every such line (a line that sets
            // the server's own settings keeps a server of its own)
            Target embedded = Databases.embeddedMariaDb();
            args.addAll(List.of("--url", embedded.jdbcUrl(), "--user", embedded.user()));
        }
        if (command != null && command.getCommandSpec().findOption("--out") != null && !args.contains("--out")
                && args.stream().noneMatch(a -> a.startsWith("--out="))) {
            args.add("--out");
            args.add(dir.resolve("out").toString());
        }
        if ("report".equals(sub) && args.stream().noneMatch(a -> a.equals("--format") || a.startsWith("--format="))) {
            // report without --format rebuilds the files in the folder it reads: give it a copy
            int at = args.indexOf("report") + 1;
            Path source = Path.of(args.get(at));
            Path copy = dir.resolve("report-copy");
            copyTree(source, copy);
            args.set(at, copy.toString());
        }
        return args;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Splits a command line into words as a POSIX shell would for the simple lines allowed in a runnable block:
     * single quotes, double quotes (with backslash escapes) and backslash escapes; shell syntax beyond that
     * (pipes, redirections, substitutions, comments, several commands) is refused.
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed single quote");
                }
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
                        word.append(line.charAt(++j));
                    } else if (d == '$' || d == '`') {
                        throw new IllegalArgumentException("no substitutions in a runnable line");
                    } else {
                        word.append(d);
                    }
                }
                if (j >= line.length()) {
                    throw new IllegalArgumentException("unclosed double quote");
                }
                i = j;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("no line continuations in a runnable block: one command per line");
                }
                word.append(line.charAt(++i));
                inWord = true;
            } else if ("|&;<>()$`".indexOf(c) >= 0 || (c == '#' && !inWord)) {
                throw new IllegalArgumentException("'" + c + "': no pipes, redirections, substitutions or comments "
                        + "in a runnable line");
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return words;
    }

    // ---- the pages

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve(LAUNCHER))) {
                return p;
            }
        }
        throw new IllegalStateException("no project folder (README.md and " + LAUNCHER + ") above " + Path.of("").toAbsolutePath());
    }

    /** README.md and docs/*.md. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        Path docs = ROOT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> s = Files.list(docs)) {
                s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    /** The non-blank lines of the page's ```sh runnable blocks. */
    static List<Documented> runnable(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<Documented> found = new ArrayList<>();
        boolean inFence = false;
        boolean runnable = false;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.startsWith("```")) {
                if (!inFence) {
                    inFence = true;
                    runnable = t.equals(RUNNABLE_FENCE);
                } else if (t.equals("```")) {
                    inFence = false;
                    runnable = false;
                }
            } else if (runnable && !t.isEmpty()) {
                found.add(new Documented(page, i + 1, t));
            }
        }
        return found;
    }

    /** Lines outside fenced code blocks (links and headings in code are not links and headings). */
    private static List<String> prose(Path page) {
        List<String> lines;
        try {
            lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> prose = new ArrayList<>();
        boolean inFence = false;
        for (String l : lines) {
            String t = l.strip();
            if (t.startsWith("```") && (!inFence || t.equals("```"))) {
                inFence = !inFence;
                prose.add("");
                continue;
            }
            prose.add(inFence ? "" : l);
        }
        return prose;
    }

    private static List<String> brokenLinks(Path page) {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> lines = prose(page);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINK.matcher(lines.get(i));
            while (m.find()) {
                String link = m.group(1);
                if (link.startsWith("http://") || link.startsWith("https://") || link.startsWith("mailto:")) {
                    continue;
                }
                int hash = link.indexOf('#');
                String path = hash < 0 ? link : link.substring(0, hash);
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                Path target = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
                String where = ROOT.relativize(page) + ": " + link;
                if (!Files.exists(target)) {
                    broken.add(where + " (no such file: " + ROOT.relativize(target) + ")");
                } else if (anchor != null && target.getFileName().toString().endsWith(".md")
                        && !anchors.computeIfAbsent(target, DocumentedCommandsTest::headingSlugs).contains(anchor)) {
                    broken.add(where + " (no heading with that anchor in " + ROOT.relativize(target) + ")");
                }
            }
        }
        return broken;
    }

    /**
     * The anchors GitHub gives a page's headings (lowercase, punctuation but '-' and '_' dropped, spaces to '-'), and
     * those its {@code <a id="…"></a>} lines name.
     */
    static Set<String> headingSlugs(Path page) {
        Set<String> slugs = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String l : prose(page)) {
            Matcher a = HTML_ANCHOR.matcher(l);
            if (a.matches()) {
                slugs.add(a.group(1));
            }
            Matcher m = HEADING.matcher(l);
            if (m.matches()) {
                String slug = slug(m.group(1));
                int n = seen.merge(slug, 1, Integer::sum);
                slugs.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return slugs;
    }

    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
    }
}
