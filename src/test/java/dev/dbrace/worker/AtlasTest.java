package dev.dbrace.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/atlas.md, the atlas of ORM get-or-create: its links resolve (each witness link to an anchor of a witness page,
 * each other link to a file of this tree), and scripts/atlas.sh still makes it, here in a small-rounds run of one row
 * on the embedded MariaDB and PostgreSQL.
 */
class AtlasTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(?:#([^)\\s]+))?\\)");

    @TempDir
    Path dir;

    /** The links of {@code page} that do not resolve: a missing file, or an anchor the page it names does not hold. */
    private static List<String> broken(Path page) throws Exception {
        List<String> bad = new ArrayList<>();
        Matcher m = LINK.matcher(Files.readString(page));
        while (m.find()) {
            if (m.group(1).startsWith("http")) {
                continue;
            }
            Path target = page.getParent().resolve(m.group(1)).normalize();
            if (!Files.exists(target)) {
                bad.add(m.group(0) + ": no " + target);
            } else if (m.group(2) != null && !Files.readString(target).contains("<a id=\"" + m.group(2) + "\"></a>")) {
                bad.add(m.group(0) + ": no anchor " + m.group(2) + " in " + target);
            }
        }
        return bad;
    }

    @Test
    void theAtlasLinksResolve() throws Exception {
        Path atlas = Path.of("docs/atlas.md");
        assertThat(broken(atlas)).isEmpty();
        String text = Files.readString(atlas);
        assertThat(text).as("every row of scripts/atlas/rows.tsv is in the atlas").contains(rowTitles());
        try (var pages = Files.list(Path.of("docs/atlas"))) {
            for (Path p : pages.toList()) {
                assertThat(broken(p)).as(p.toString()).isEmpty();
            }
        }
    }

    private static String[] rowTitles() throws Exception {
        return Files.readAllLines(Path.of("scripts/atlas/rows.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")[1]).toArray(String[]::new);
    }

    /**
     * scripts/atlas.sh in small rounds, on Active Record's find_or_create_by!: four cells, each with the exploration's
     * combinations (created + integrity_error linked to its witness, in Active Record's own SQL) and the race's count.
     */
    @Test
    void theAtlasScriptStillMakesTheAtlas() throws Exception {
        Tools.requireWorks("the atlas's Rails row needs Debian's ruby-activerecord, ruby-mysql2 and ruby-pg",
                "/usr/bin/ruby", "-e", "require 'active_record'; require 'mysql2'; require 'pg'");
        Tools.requireWorks("the atlas probes every stack's version: python3-django and python3-sqlalchemy",
                "/usr/bin/python3", "-c", "import django, sqlalchemy, MySQLdb, psycopg2");
        Path docs = dir.resolve("docs");
        Path out = dir.resolve("results");
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/atlas.sh", "--rows", "rails-find-or-create-by",
                "--rounds", "3", "--out", out.toString(), "--docs", docs.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("atlas.log").toFile());
        pb.environment().put("DBRACE", Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
                + System.getProperty("java.class.path") + " dev.dbrace.cli.Main");
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("a hang guard, not a time limit").isTrue();
        String log = Files.readString(dir.resolve("atlas.log"));
        assertThat(p.exitValue()).as(log).isZero();
        String atlas = Files.readString(docs.resolve("atlas.md"));
        String row = atlas.lines().filter(l -> l.startsWith("| Active Record find_or_create_by! ")).findFirst()
                .orElseThrow(() -> new AssertionError(atlas));
        assertThat(row.split(" \\| ")).as(row).hasSize(5);
        assertThat(row).as(row).containsPattern("(\\[\\*\\*created \\+ integrity_error\\*\\*\\]\\(atlas/"
                        + "rails-find-or-create-by.md#embedded-(mariadb|postgres)-[a-z-]+-created-integrity_error\\)"
                        + ".*){4}")
                .containsPattern("(race: \\d+ of 12 calls failed.*){4}").doesNotContain("failed:", "not run");
        assertThat(Files.readString(docs.resolve("atlas/rails-find-or-create-by.md")))
                .contains("INSERT INTO &#96;tags&#96;").contains("<code>INSERT INTO \"tags\"").contains("**ERROR");
        // the generated page's witness links resolve (its links into the tree are left to the committed atlas)
        assertThat(broken(docs.resolve("atlas.md"))).noneMatch(b -> b.startsWith("](atlas/"));
    }
}
