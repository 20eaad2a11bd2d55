package dev.dbrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.support.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code dbrace} alone and {@code dbrace help}: a five-line start whose pages exist; {@code help COMMAND}: its options. */
class HelpTest {

    @Test
    void dbraceAloneAndHelpPrintTheFiveLineStartAndItsPagesExist() {
        for (String[] args : new String[][] {{}, {"help"}}) {
            Cli r = Cli.run(args);
            assertThat(r.exit()).isZero();
            assertThat(r.out().strip().lines()).hasSize(5);
            assertThat(r.out()).contains("dbrace run").contains("docs/ci.md").contains("docs/own-code.md");
            Matcher pages = Pattern.compile("docs/[a-z-]+\\.md").matcher(r.out());
            while (pages.find()) {
                assertThat(Files.isRegularFile(Path.of(pages.group()))).as(pages.group() + " exists").isTrue();
            }
        }
    }

    @Test
    void helpCommandPrintsThatCommandsOptionsAndAnUnknownOneIsAUsageError() {
        Cli run = Cli.run("help", "run");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: dbrace run").contains("--table");
        Cli unknown = Cli.run("help", "lunch");
        assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("no command 'lunch'");
    }
}
