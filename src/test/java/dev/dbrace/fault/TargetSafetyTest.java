package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.cli.ExitCode;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.db.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbrace never touches a table it did not create, and never prints or writes a password. */
class TargetSafetyTest {

    @TempDir
    Path dir;

    @Test
    void refusesAForeignTableOfTheSameNameAndLeavesItAlone() throws Exception {
        Target t = Databases.embeddedMariaDb();
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS dbrace_myobj");
            s.execute("CREATE TABLE dbrace_myobj (id INT PRIMARY KEY, precious VARCHAR(20))");
            s.execute("INSERT INTO dbrace_myobj VALUES (1, 'customer data')");
            try {
                Cli r = Cli.run("run", "--url", t.jdbcUrl(), "-s", "naive", "-t", "2", "-r", "5", "-q",
                        "--out", dir.toString());
                assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
                assertThat(r.err()).contains("dbrace_myobj exists and was not created by dbrace; refusing to touch it");
                try (ResultSet rs = s.executeQuery("SELECT precious FROM dbrace_myobj WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("customer data");
                }
            } finally {
                s.execute("DROP TABLE dbrace_myobj");
            }
        }
    }

    @Test
    void keepLeavesOwnTablesForInspection() throws Exception {
        Target t = Databases.embeddedMariaDb();
        Cli r = Cli.run("run", "--url", t.jdbcUrl(), "-s", "upsert", "-t", "2", "-r", "7", "-q", "--keep",
                "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        try (Connection c = t.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dbrace_myobj")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
        Cli again = Cli.run("run", "--url", t.jdbcUrl(), "-s", "upsert", "-t", "2", "-r", "3", "-q", "--out", dir.toString());
        assertThat(again.exit()).as("its own marked tables are replaced").isZero();
    }

    @Test
    void thePasswordAppearsInNoOutput() throws Exception {
        Target service = Databases.mariaDbService();
        String secret = "Sup3r-Secret-pw";
        try (Connection c = service.connect(); Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS 'dbrace_pw'@'%'");
            s.execute("CREATE USER 'dbrace_pw'@'%' IDENTIFIED BY '" + secret + "'");
            s.execute("GRANT ALL ON test.* TO 'dbrace_pw'@'%'");
            s.execute("GRANT PROCESS ON *.* TO 'dbrace_pw'@'%'");
            Path check = dir.resolve("expect.yml");
            Files.writeString(check, "threads: 2\nrounds: 10\nexpect:\n  - {strategy: upsert, verdict: racy}\n");
            List<Cli> runs = List.of(
                    Cli.run("run", "--url", service.jdbcUrl() + "?password=" + secret, "--user", "dbrace_pw",
                            "-s", "upsert", "-t", "2", "-r", "10", "--out", dir.resolve("run").toString(),
                            "--json", dir.resolve("copy.json").toString()),
                    Cli.run("check", check.toString(), "--url", service.jdbcUrl(), "--user", "dbrace_pw",
                            "--password=" + secret, "--out", dir.resolve("check").toString(),
                            "--junit", dir.resolve("junit.xml").toString()),
                    Cli.run("run", "--url", "jdbc:mysql://127.0.0.1:1/x?password=" + secret, "--verbose"),
                    Cli.run("explain", "--strategy", "naive", "--url", service.jdbcUrl() + "?password=" + secret,
                            "--user", "dbrace_pw"));
            assertThat(runs.get(0).exit()).as(runs.get(0).err()).isZero();
            assertThat(runs.get(1).exit()).as("the check ran (and failed: upsert is not racy)").isEqualTo(ExitCode.FAILED);
            assertThat(runs.get(3).exit()).as(runs.get(3).err()).isZero();
            for (Cli r : runs) {
                assertThat(r.out() + r.err()).doesNotContain(secret);
            }
            assertThat(runs.get(1).err()).as("--password with a value warns").contains("shell history");
            assertThat(runs.get(0).err()).as("a URL password does not").doesNotContain("shell history");
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContain(secret);
                }
            }
            assertThat(Files.readString(dir.resolve("run/summary.json"))).contains("****");
        } finally {
            try (Connection c = service.connect(); Statement s = c.createStatement()) {
                s.execute("DROP USER IF EXISTS 'dbrace_pw'@'%'");
            }
        }
    }
}
