package dev.dbrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --set} on real servers: MariaDB's innodb_snapshot_isolation (since 10.6.18 / 10.11.8 / 11.4.2,
 * OFF by default before 11.6.2) turns the seed's locking re-read into ERROR 1020, and retry absorbs it.
 */
class SettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<Named<Supplier<Target>>> mariadb() {
        return Databases.mysqlFamily();
    }

    /** Rows of summary.json by "strategy setting-value". */
    private static Map<String, JsonNode> rows(Path out, String setting) throws Exception {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode r : JSON.readTree(out.resolve("summary.json").toFile()).get("strategies")) {
            m.put(r.get("strategy").asText() + " " + r.get("settings").get(setting).asText(), r);
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mariadb")
    void snapshotIsolationOnTurnsTheLockingRereadIntoError1020(Supplier<Target> target) throws Exception {
        Target t = target.get();
        Path out = dir.resolve("out");
        Cli r = Cli.run("run", "--url", t.jdbcUrl(), "--user", "root", "-s", "locking-reread,retry", "-i", "repeatable-read",
                "--set", "innodb_snapshot_isolation=OFF,ON", "-t", "4", "-r", "60", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("repeatable-read innodb_snapshot_isolation=ON")
                .contains("repeatable-read innodb_snapshot_isolation=OFF");
        Map<String, JsonNode> rows = rows(out, "innodb_snapshot_isolation");
        assertThat(rows.keySet()).containsExactlyInAnyOrder("locking-reread OFF", "locking-reread ON", "retry OFF", "retry ON");
        JsonNode off = rows.get("locking-reread OFF");
        assertThat(off.get("outcomes").get("serialization_failure").asLong()).as("never 1020 with the setting OFF").isZero();
        JsonNode on = rows.get("locking-reread ON");
        assertThat(on.get("outcomes").get("serialization_failure").asLong()).as(on.toString()).isPositive();
        // a loser's INSERT that waited on the winner's row gets 1020 itself; one that came after the commit
        // gets 1062, and then its locking re-read, or the state's UPDATE, gets 1020
        assertThat(on.get("samples").get("serialization_failure").get(0).asText()).as("the step that raised it, and the code")
                .matches("at (INSERT|UPDATE|SELECT … FOR UPDATE): SQLState HY000, code 1020: .*");
        JsonNode retry = rows.get("retry ON");
        assertThat(retry.get("verdict").asText()).as("retry absorbs them").isEqualTo("safe");
        assertThat(retry.get("db_errors").get("serialization_failure").asLong()).as(retry.toString()).isPositive();
        assertThat(Files.readString(out.resolve("summary.csv"))).contains("innodb_snapshot_isolation=ON");
        assertThat(Files.readString(out.resolve("report.html"))).contains("innodb_snapshot_isolation=ON");
        Cli matrix = Cli.run("report", out.toString(), "--format", "matrix");
        assertThat(matrix.out()).as("one table per setting").contains(", innodb_snapshot_isolation=OFF, ")
                .contains(", innodb_snapshot_isolation=ON, ");
        Cli compare = Cli.run("compare", out.toString(), out.toString(), "--max-anomaly-rise", "0", "--strict");
        assertThat(compare.exit()).as(compare.out() + compare.err()).isZero();
        assertThat(compare.out()).as("rows matched by isolation and settings, none new")
                .contains("repeatable-read innodb_snapshot_isolation=ON").doesNotContain(" new ");
    }

    @Test
    void postgresDefaultIsolationIsASettingThatChangesTheAnswer() throws Exception {
        Target t = Databases.embeddedPostgres();
        Path out = dir.resolve("out");
        Cli r = Cli.run("run", "--url", t.jdbcUrl(), "--user", t.user(), "-s", "naive",
                "--set", "default_transaction_isolation=read committed,repeatable read", "-t", "4", "-r", "60",
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, JsonNode> rows = rows(out, "default_transaction_isolation");
        assertThat(rows.get("naive read committed").get("outcomes").get("does_not_exist").asLong()).isZero();
        JsonNode rr = rows.get("naive repeatable read");
        assertThat(rr.get("isolation").asText()).isEqualTo("repeatable-read");
        assertThat(rr.get("outcomes").get("does_not_exist").asLong()).as(rr.toString()).isPositive();
    }

    @Test
    void aSettingTheServerRefusesIsOneLineAndExit2BeforeAnyTable() throws Exception {
        Target t = Databases.embeddedMariaDb();
        Path out = dir.resolve("out");
        Cli r = Cli.run("run", "--url", t.jdbcUrl(), "-s", "naive", "--set", "dbrace_no_such_variable=1", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.startsWith("dbrace: ")).toList())
                .singleElement().asString().contains("refuses --set dbrace_no_such_variable=1").contains("Unknown system variable");
        assertThat(out.resolve("summary.json")).doesNotExist();
        Cli malformed = Cli.run("run", "--url", t.jdbcUrl(), "--set", "no-equals-sign");
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("expected NAME=VALUE");
    }

    @Test
    void checkEntriesNameSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("settings.yml"), """
                threads: 4
                rounds: 60
                expect:
                  - {strategy: retry, isolation: repeatable-read, settings: {innodb_snapshot_isolation: ON}, verdict: safe}
                  - {strategy: naive, isolation: repeatable-read, settings: {innodb_snapshot_isolation: ON}, verdict: racy}
                """);
        Cli r = Cli.run("check", file.toString(), "--url", Databases.embeddedMariaDb().jdbcUrl(), "--out", dir.resolve("c").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS retry at repeatable-read with innodb_snapshot_isolation=ON on")
                .contains("2 passed, 0 failed");
    }

    @Test
    void serverSetStartsTheEmbeddedServerWithTheSettingAndNeverTouchesAUrlTarget() throws Exception {
        Path out = dir.resolve("out");
        // MariaDB 11.8's default, on the embedded 11.4.5 dbrace starts for this run
        Cli r = Cli.run("run", "--db", "embedded-mariadb", "--server-set", "innodb_snapshot_isolation=ON", "-s", "locking-reread",
                "-i", "repeatable-read", "-t", "4", "-r", "40", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode row = JSON.readTree(out.resolve("summary.json").toFile()).get("strategies").get(0);
        assertThat(row.get("database").asText()).isEqualTo("embedded-mariadb innodb_snapshot_isolation=ON");
        assertThat(row.get("outcomes").get("serialization_failure").asLong()).as(row.toString()).isPositive();
        Cli url = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "--server-set", "innodb_snapshot_isolation=ON");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.err()).contains("is never reconfigured");
    }
}
