package dev.dbrace.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded MariaDB's data directory template: the first start saves what mariadb-install-db made, complete or
 * not at all; later starts copy it and are the same fresh server (system tables, root, the dbrace database, no
 * tables of an earlier run).
 */
class DataTemplateTest {

    @TempDir
    Path dir;

    @Test
    void aSavedTemplateIsCopiedWholeWithoutItsMark() throws Exception {
        Path installed = dir.resolve("installed");
        Files.createDirectories(installed.resolve("mysql"));
        Files.writeString(installed.resolve("mysql/user.MAD"), "system table");
        Files.writeString(installed.resolve("ibdata1"), "tablespace");
        Path template = dir.resolve(DataTemplate.NAME);
        DataTemplate.save(installed, template, "11.4.5");
        assertThat(template.resolve(DataTemplate.MARK)).content().contains("MariaDB 11.4.5");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no partial copy left beside it")
                    .containsExactlyInAnyOrder("installed", DataTemplate.NAME);
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        assertThat(DataTemplate.copyInto(template, data)).isTrue();
        assertThat(data.resolve("mysql/user.MAD")).hasContent("system table");
        assertThat(data.resolve("ibdata1")).hasContent("tablespace");
        assertThat(data.resolve(DataTemplate.MARK)).doesNotExist();
    }

    /** A folder without its mark (a save cut short by a kill) is not a template: the start installs. */
    @Test
    void aTemplateWithoutItsMarkIsNotUsed() throws Exception {
        Path template = Files.createDirectories(dir.resolve(DataTemplate.NAME));
        Files.writeString(template.resolve("ibdata1"), "half a copy");
        Path data = Files.createDirectories(dir.resolve("data"));
        assertThat(DataTemplate.copyInto(template, data)).isFalse();
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }

    /** A second save, as from a process that installed at the same time, keeps the first and leaves nothing behind. */
    @Test
    void aSecondSaveKeepsTheFirst() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve("ibdata1"), "first");
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(b.resolve("ibdata1"), "second");
        Path template = dir.resolve(DataTemplate.NAME);
        DataTemplate.save(a, template, "11.4.5");
        DataTemplate.save(b, template, "11.4.5");
        assertThat(template.resolve("ibdata1")).hasContent("first");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b", DataTemplate.NAME);
        }
    }

    /**
     * Two starts after the template exists: each is a fresh server with its own data directory, and the second's is
     * the template's copy (a file planted in the template for this test is in it; it is taken out again).
     */
    @Test
    void startsFromTheTemplateAreFreshServers() throws Exception {
        try (Target first = EmbeddedMariaDb.start(20)) {
            make(first);
        }
        Path template = EmbeddedMariaDb.cacheDir().resolve("mariadb-" + EmbeddedMariaDb.VERSION).resolve(DataTemplate.NAME);
        assertThat(template.resolve(DataTemplate.MARK)).as("the first start left a template").isRegularFile();
        Path planted = template.resolve("dbrace-template-test.txt");
        Files.writeString(planted, "planted by DataTemplateTest");
        try (Target second = EmbeddedMariaDb.start(20); Connection c = second.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@datadir")) {
                rs.next();
                assertThat(Path.of(rs.getString(1)).resolve(planted.getFileName())).as("the data directory is a copy")
                        .hasContent("planted by DataTemplateTest");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'dbrace'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing of the earlier server's tables").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM mysql.user WHERE user = 'root'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the system tables came with the copy").isPositive();
            }
            make(second);
        } finally {
            Files.deleteIfExists(planted);
        }
    }

    private static void make(Target t) throws Exception {
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE dbrace_template_probe (id INT PRIMARY KEY) ENGINE=InnoDB");
            s.execute("INSERT INTO dbrace_template_probe VALUES (1)");
        }
    }
}
