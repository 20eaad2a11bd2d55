package dev.dbrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.check.ExpectationFile;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code dbrace check} on real races: held, failed, uncontended and malformed expectations. */
class CheckCommandTest {

    @TempDir
    Path dir;

    private static String resource(String name) {
        return Path.of("src/test/resources/check", name).toString();
    }

    private String[] against(String file, String... more) {
        String[] base = {"check", resource(file), "--url", Databases.embeddedMariaDb().jdbcUrl(),
                "--out", dir.toString(), "--junit", dir.resolve("junit.xml").toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private Document junit() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile());
    }

    @Test
    void correctExpectationsPass() throws Exception {
        Cli r = Cli.run(against("good.yml"));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("PASS naive at repeatable-read").contains("2 passed, 0 failed");
        Element suite = junit().getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(Files.exists(dir.resolve("summary.json"))).isTrue();
    }

    @Test
    void wrongClaimsFailWithCounts() throws Exception {
        Cli r = Cli.run(against("wrong.yml"));
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("FAIL naive at repeatable-read on").contains("is safe (line 4)")
                .containsPattern("expected safe, but \\d+ of 240 calls ended in does_not_exist")
                .contains("FAIL upsert").contains("expected racy, but no does_not_exist or integrity_error in 240 calls")
                .contains("0 passed, 2 failed");
        Document doc = junit();
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("2");
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(2);
        assertThat(((Element) failures.item(0)).getAttribute("message")).matches("expected safe, but \\d+ of 240 calls ended in does_not_exist");
    }

    @Test
    void noContentionCannotProveARace() throws Exception {
        Cli r = Cli.run(against("good.yml", "--threads", "1"));
        assertThat(r.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("FAIL naive at repeatable-read").contains("the anomaly was not reproduced")
                .contains("FAIL upsert").contains("no race took place");
    }

    @Test
    void malformedFileNamesTheLine() {
        Cli r = Cli.run("check", resource("malformed.yml"));
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("malformed.yml:5: unknown key 'verdit'");

        Cli u = Cli.run("check", resource("unknown-strategy.yml"));
        assertThat(u.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(u.err()).contains("unknown-strategy.yml:3: unknown strategy 'quantum'");

        Cli y = Cli.run("check", resource("bad-yaml.yml"));
        assertThat(y.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(y.err()).contains("bad-yaml.yml:").contains("not valid YAML");

        Cli missing = Cli.run("check", dir.resolve("nope.yml").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("nope.yml: no such file");
    }

    @Test
    void unreachableTargetIsExitThree() {
        Cli r = Cli.run("check", resource("good.yml"), "--url", "jdbc:mysql://127.0.0.1:1/none");
        assertThat(r.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.err()).contains("cannot use").contains("nothing accepts connections there");
    }

    @Test
    void theProjectsOwnExpectationsParse() throws Exception {
        assertThat(ExpectationFile.read(Path.of("scripts/expectations.yml")).expectations()).hasSizeGreaterThan(3);
    }
}
