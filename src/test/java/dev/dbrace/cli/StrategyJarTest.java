package dev.dbrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Sql;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --strategy-jar}: a team's class, compiled here into a jar of its own, raced from the command line. */
class StrategyJarTest {

    @TempDir
    static Path dir;

    static Path jar;

    private static final String SEED = """
            package com.acme;
            import dev.dbrace.api.*;
            import java.sql.*;
            public class AcmeSeed implements GetOrCreate {
                public String name() { return "acme-seed"; }
                private static Long select(Connection c, Call call) throws SQLException {
                    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + call.table() + " WHERE thing_id = ? AND owner_id = ?")) {
                        ps.setLong(1, call.thingId()); ps.setLong(2, call.ownerId());
                        try (ResultSet rs = ps.executeQuery()) { return rs.next() ? rs.getLong(1) : null; }
                    }
                }
                public Seen call(Call call) throws SQLException {
                    Connection c = call.connection();
                    Long id = select(c, call);
                    if (id != null) return Seen.found(id);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + call.table() + " (thing_id, owner_id, state) VALUES (?, ?, ?)",
                            Statement.RETURN_GENERATED_KEYS)) {
                        ps.setLong(1, call.thingId()); ps.setLong(2, call.ownerId()); ps.setBoolean(3, call.state());
                        ps.executeUpdate();
                        try (ResultSet k = ps.getGeneratedKeys()) { k.next(); return Seen.created(k.getLong(1)); }
                    } catch (SQLIntegrityConstraintViolationException duplicate) {
                        id = select(c, call);
                        return id == null ? Seen.doesNotExist() : Seen.found(id);
                    }
                }
            }
            """;

    /** The seed's code again, saying only which row it returned: created or found is read on the wire. */
    private static final String RETURNED = SEED.replace("AcmeSeed", "AcmeReturned").replace("\"acme-seed\"",
            "\"acme-returned\"").replace("Seen.found(id)", "Seen.returned(id)")
            .replace("Seen.created(k.getLong(1))", "Seen.returned(k.getLong(1))");

    /**
     * A team's "ORM", in a jar of its own: like a Spring context or a static EntityManagerFactory, it is built once, on
     * the first DataSource it is given, and every class of the team's jar uses it from then on.
     */
    private static final String ORM = """
            package com.acme.orm;
            import java.sql.*;
            import javax.sql.DataSource;
            public final class AcmeOrm {
                private static DataSource built;
                public static synchronized DataSource on(DataSource first) { if (built == null) built = first; return built; }
                /** The tag's id: found, or inserted; on the unique key's violation, found again in a new transaction. */
                public static long getOrCreate(DataSource ds, String name) throws SQLException {
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        try {
                            Long id = find(c, name);
                            if (id == null) {
                                try (PreparedStatement ps = c.prepareStatement("INSERT INTO acme_tag (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                                    ps.setString(1, name); ps.executeUpdate();
                                    try (ResultSet k = ps.getGeneratedKeys()) { k.next(); id = k.getLong(1); }
                                }
                            }
                            c.commit();
                            return id;
                        } catch (SQLIntegrityConstraintViolationException duplicate) {
                            c.rollback();
                            Long id = find(c, name);
                            c.commit();
                            return id;
                        }
                    }
                }
                private static Long find(Connection c, String name) throws SQLException {
                    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM acme_tag WHERE name = ?")) {
                        ps.setString(1, name);
                        try (ResultSet rs = ps.executeQuery()) { return rs.next() ? rs.getLong(1) : null; }
                    }
                }
            }
            """;

    /** A class of the team's jar on {@link #ORM}: it says which row it returned, and the wire tells created or found. */
    private static final String TAG_A = """
            package com.acme;
            import com.acme.orm.AcmeOrm;
            import dev.dbrace.api.*;
            public class AcmeTagA implements GetOrCreate {
                public String name() { return "acme-tag-a"; }
                public Seen call(Call call) throws Exception {
                    return Seen.returned(AcmeOrm.getOrCreate(AcmeOrm.on(call.dataSource()), (String) call.key().get(0)));
                }
            }
            """;

    /** A library class the team's jar carries under a name dbrace's own class path holds too (Jackson's). */
    private static final String SHADOW = """
            package com.fasterxml.jackson.databind;
            public class ObjectMapper { public static String origin() { return "the-teams-jackson"; } }
            """;

    private static final String OWN_LIBRARY = """
            package com.acme;
            import dev.dbrace.api.*;
            public class AcmeOwnLibrary implements GetOrCreate {
                public String name() { return "acme-" + com.fasterxml.jackson.databind.ObjectMapper.origin(); }
                public Seen call(Call call) { return Seen.found(1); }
            }
            """;

    /** Code that prints on standard output, as a library's console logger does. */
    private static final String NOISY = """
            package com.acme;
            import dev.dbrace.api.*;
            public class AcmeNoisy implements GetOrCreate {
                public AcmeNoisy() { System.out.println("acme-noise on standard output"); }
                public String name() { return "acme-noisy"; }
                public Seen call(Call call) { return Seen.found(1); }
            }
            """;

    static Path ormJar;

    @BeforeAll
    static void buildJar() throws Exception {
        Path src = dir.resolve("src/com/acme");
        Files.createDirectories(src);
        Files.writeString(src.resolve("AcmeSeed.java"), SEED);
        Files.writeString(src.resolve("NotOne.java"), "package com.acme; public class NotOne { }");
        Files.writeString(src.resolve("AcmeReturned.java"), RETURNED);
        Files.writeString(src.resolve("AcmeTagA.java"), TAG_A);
        Files.writeString(src.resolve("AcmeTagB.java"), TAG_A.replace("AcmeTagA", "AcmeTagB").replace("acme-tag-a", "acme-tag-b"));
        Files.writeString(src.resolve("AcmeOwnLibrary.java"), OWN_LIBRARY);
        Files.writeString(src.resolve("AcmeOrm.java"), ORM);
        Files.writeString(src.resolve("AcmeNoisy.java"), NOISY);
        Files.writeString(src.resolve("ObjectMapper.java"), SHADOW);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("AcmeSeed.java").toString(), src.resolve("NotOne.java").toString(),
                src.resolve("AcmeReturned.java").toString(), src.resolve("AcmeTagA.java").toString(),
                src.resolve("AcmeTagB.java").toString(), src.resolve("AcmeOwnLibrary.java").toString(),
                src.resolve("AcmeOrm.java").toString(), src.resolve("ObjectMapper.java").toString(),
                src.resolve("AcmeNoisy.java").toString());
        assertThat(status).isZero();
        ormJar = dir.resolve("acme-orm.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(ormJar))) {
            for (String name : List.of("com/acme/orm/AcmeOrm.class", "com/fasterxml/jackson/databind/ObjectMapper.class")) {
                out.putNextEntry(new JarEntry(name));
                Files.copy(classes.resolve(name), out);
            }
        }
        jar = dir.resolve("acme.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("com/acme/AcmeSeed.class", "com/acme/NotOne.class", "com/acme/AcmeReturned.class",
                    "com/acme/AcmeTagA.class", "com/acme/AcmeTagB.class", "com/acme/AcmeOwnLibrary.class",
                    "com/acme/AcmeNoisy.class")) {
                out.putNextEntry(new JarEntry(name));
                Files.copy(classes.resolve(name), out);
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.dbrace.api.GetOrCreate"));
            OutputStream o = out;
            o.write("com.acme.AcmeSeed\ncom.acme.AcmeNoisy\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void strategiesListsTheJarsDeclaredClasses() {
        Cli r = Cli.run("strategies", "--strategy-jar", jar.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("naive").containsPattern("acme-seed +your code: --strategy com.acme.AcmeSeed");
    }

    /** dbrace's own process: what the jar's code prints on standard output goes to standard error, beside dbrace's. */
    @Test
    void whatTheCodePrintsGoesToStandardErrorNotIntoDbracesOutput() throws Exception {
        Path out = dir.resolve("noisy.out");
        Path err = dir.resolve("noisy.err");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.dbrace.cli.Main", "strategies", "--strategy-jar", jar.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("a hang guard, not a time limit").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(out)).contains("acme-noisy").doesNotContain("acme-noise on standard output");
        assertThat(Files.readString(err)).contains("acme-noise on standard output");
    }

    @Test
    void aClassThatSaysOnlyWhichRowItReturnedIsToldCreatedOrFoundByTheWire() throws Exception {
        Path out = dir.resolve("out-returned");
        Cli r = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "--strategy-jar", jar.toString(),
                "--strategy", "com.acme.AcmeReturned", "--gate", "-i", "read-committed", "-t", "4", "-r", "40", "--out",
                out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("strategies").get(0);
        assertThat(row.get("outcomes").get("created").asLong()).as("one creator a key, from the wire").isEqualTo(40);
        assertThat(row.get("outcomes").get("found").asLong()).isEqualTo(120);
        assertThat(row.get("verification").get("passed").asBoolean()).as(r.out()).isTrue();
        Cli without = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "--strategy-jar", jar.toString(),
                "--strategy", "com.acme.AcmeReturned", "-t", "2", "-r", "5", "--out", dir.resolve("out-r2").toString());
        assertThat(without.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(without.err()).contains("returned Seen.returned(…), which only the statement gate can tell apart");
    }

    @Test
    void runRacesTheClass() throws Exception {
        Path out = dir.resolve("out");
        Cli r = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "--strategy-jar", jar.toString(),
                "--strategy", "com.acme.AcmeSeed,upsert", "-i", "repeatable-read", "-t", "4", "-r", "40", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("strategies");
        assertThat(rows).hasSize(2);
        JsonNode acme = rows.get(0).get("strategy").asText().equals("acme-seed") ? rows.get(0) : rows.get(1);
        assertThat(acme.get("strategy").asText()).isEqualTo("acme-seed");
        assertThat(acme.get("outcomes").get("does_not_exist").asLong()).as(r.out()).isPositive();
        assertThat(acme.get("verification").get("passed").asBoolean()).isTrue();
    }

    @Test
    void mistakesAreOneLineAndExit2() {
        String url = "jdbc:mysql://127.0.0.1:1/none";
        Cli missing = Cli.run("run", "--url", url, "--strategy-jar", dir.resolve("nope.jar").toString(), "--strategy", "com.acme.AcmeSeed");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines().findFirst().orElse("")).contains("nope.jar: no such file");
        Cli notFound = Cli.run("run", "--url", url, "--strategy-jar", jar.toString(), "--strategy", "com.acme.Missing");
        assertThat(notFound.exit()).isEqualTo(2);
        assertThat(notFound.err().lines().findFirst().orElse("")).contains("com.acme.Missing: no such class");
        Cli notOne = Cli.run("run", "--url", url, "--strategy-jar", jar.toString(), "--strategy", "com.acme.NotOne");
        assertThat(notOne.exit()).isEqualTo(2);
        assertThat(notOne.err().lines().findFirst().orElse("")).contains("com.acme.NotOne does not implement dev.dbrace.api.GetOrCreate");
        Cli ownTable = Cli.run("run", "--url", url, "--strategy-jar", jar.toString(), "--strategy",
                "com.acme.AcmeSeed,naive", "--table", "orders", "--key-columns", "a");
        assertThat(ownTable.exit()).as("--table is the code's; dbrace's strategies know their own tables").isEqualTo(2);
        assertThat(ownTable.err().lines().findFirst().orElse("")).contains("dbrace's strategies know only dbrace's tables");
    }

    /**
     * Two classes of one jar, raced one after the other in one run on the team's table, both on an "ORM" that kept the
     * first DataSource it was given (as a Spring context does): the second class's statements still pass its own
     * statement gate, so created and found come from its wire too. The jars come as one class path.
     */
    @Test
    void runRacesTwoClassesOnTheTeamsTableThroughOneDataSource() throws Exception {
        Target t = Databases.embeddedMariaDb();
        Sql.run(t, "DROP TABLE IF EXISTS acme_tag", "CREATE TABLE acme_tag (id BIGINT AUTO_INCREMENT "
                + "PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE) ENGINE=InnoDB");
        try {
            Path out = dir.resolve("out-tags");
            Cli r = Cli.run("run", "--url", t.jdbcUrl(), "--user", t.user(), "--strategy-jar", jar + ":" + ormJar,
                    "--strategy", "com.acme.AcmeTagA,com.acme.AcmeTagB", "--gate", "--table", "acme_tag", "--key-columns",
                    "name", "-i", "read-committed", "-t", "4", "-r", "25", "--out", out.toString());
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            JsonNode rows = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("strategies");
            assertThat(rows).hasSize(2);
            for (JsonNode row : rows) {
                assertThat(row.get("outcomes").get("created").asLong()).as(row.get("strategy") + " " + r.out()).isEqualTo(25);
                assertThat(row.get("outcomes").get("found").asLong()).as(row.get("strategy").asText()).isEqualTo(75);
                assertThat(row.get("verification").get("passed").asBoolean()).as(r.out()).isTrue();
            }
        } finally {
            Sql.run(t, "DROP TABLE IF EXISTS acme_tag");
        }
    }

    /** A class the jars hold comes from them before dbrace's own class path: the team's library, not dbrace's copy. */
    @Test
    void theJarsLibrariesComeBeforeDbracesOwn() throws Exception {
        Path out = dir.resolve("out-library");
        Cli r = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "--strategy-jar", jar.toString(),
                "--strategy-jar", ormJar.toString(), "--strategy", "com.acme.AcmeOwnLibrary", "-t", "1", "-r", "1",
                "--out", out.toString());
        JsonNode rows = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("strategies");
        assertThat(rows.get(0).get("strategy").asText()).as(r.out() + r.err()).isEqualTo("acme-the-teams-jackson");
    }

    /** The class on the team's own table: every statement it sends there is a stop, and the witness is its SQL. */
    @Test
    void explainAllExploresTheClassOnTheTeamsOwnTable() throws Exception {
        Target t = Databases.embeddedMariaDb();
        Sql.run(t, "DROP TABLE IF EXISTS acme_item", "CREATE TABLE acme_item (id BIGINT AUTO_INCREMENT "
                + "PRIMARY KEY, thing_id BIGINT NOT NULL, owner_id BIGINT NOT NULL, state BOOLEAN NOT NULL, "
                + "UNIQUE KEY one (thing_id, owner_id)) ENGINE=InnoDB");
        try {
            long base = System.nanoTime() % 1_000_000_000L * 1000;
            String keys = "i=$DBRACE_KEYS_FROM; while [ $i -lt $((DBRACE_KEYS_FROM + DBRACE_KEYS_COUNT)) ]; do "
                    + "echo \"{\\\"thing_id\\\": $((i + " + base + ")), \\\"owner_id\\\": 1}\"; i=$((i + 1)); done";
            Cli r = Cli.run("explain", "--all", "--url", t.jdbcUrl(), "--user", t.user(), "--strategy-jar", jar.toString(),
                    "--strategy", "com.acme.AcmeSeed", "-i", "repeatable-read", "--format", "json", "--table", "acme_item",
                    "--key-columns", "thing_id,owner_id", "--keys-command", keys);
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            JsonNode e = new ObjectMapper().readTree(r.out());
            assertThat(e.get("complete").asBoolean()).isTrue();
            List<String> pairs = new ArrayList<>();
            e.get("pairs").forEach(p -> pairs.add(p.get("outcomes").toString()));
            assertThat(pairs).as(r.out()).contains("[\"created\",\"does_not_exist\"]", "[\"created\",\"found\"]")
                    .noneMatch(p -> p.contains("lock_wait_timeout"));
            assertThat(r.out()).as("the witness is the class's SQL on the team's table").contains("INSERT INTO acme_item")
                    .contains("code 1062");
            // check races and explores it there too, with the same keys command: DBRACE_KEYS_FROM counts on
            Path file = dir.resolve("acme-own.yml");
            Files.writeString(file, "threads: 2\nrounds: 20\nexpect:\n  - {strategy: com.acme.AcmeSeed, isolation: "
                    + "repeatable-read, verdict: safe, explore: true, table: {name: acme_item, key_columns: [thing_id, "
                    + "owner_id], keys_command: '" + keys + "'}}\n");
            Cli check = Cli.run("check", file.toString(), "--url", t.jdbcUrl(), "--strategy-jar", jar.toString(), "--out",
                    dir.resolve("check-own").toString());
            assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(ExitCode.FAILED);
            assertThat(check.out()).as(check.out()).contains("FAIL com.acme.AcmeSeed at repeatable-read")
                    .containsPattern("exploration finds created/does_not_exist possible");
        } finally {
            Sql.run(t, "DROP TABLE IF EXISTS acme_item");
        }
    }

    @Test
    void explainAllExploresTheClassThroughTheGate() throws Exception {
        Target t = Databases.embeddedMariaDb();
        Cli r = Cli.run("explain", "--all", "--url", t.jdbcUrl(), "--user", t.user(), "--strategy-jar", jar.toString(),
                "--strategy", "com.acme.AcmeSeed", "-i", "repeatable-read", "--format", "json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode e = new ObjectMapper().readTree(r.out());
        assertThat(e.get("complete").asBoolean()).isTrue();
        List<String> pairs = new ArrayList<>();
        e.get("pairs").forEach(p -> pairs.add(p.get("outcomes").toString()));
        assertThat(pairs).contains("[\"created\",\"does_not_exist\"]");
        assertThat(r.out()).as("the witness is the class's own SQL").contains("INSERT INTO myobj").contains("code 1062");
    }

    @Test
    void runAimsTheClassThroughTheGate() throws Exception {
        Path out = dir.resolve("aimed");
        Cli r = Cli.run("run", "--url", Databases.embeddedMariaDb().jdbcUrl(), "--strategy-jar", jar.toString(),
                "--strategy", "com.acme.AcmeSeed", "--gate", "--align-at", "after-first-statement", "-i", "repeatable-read",
                "-t", "4", "-r", "30", "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("strategies").get(0);
        assertThat(row.get("aligned_calls").asLong()).as(row.toString()).isPositive();
        assertThat(row.get("outcomes").get("does_not_exist").asLong()).as(row.toString()).isPositive();
        assertThat(row.get("verification").get("passed").asBoolean()).isTrue();
        // through the gate, a DoesNotExist sample shows the class's statements, and one such call is drawn beside the
        // call that created its key's row
        assertThat(row.get("samples").get("does_not_exist").get(0).asText()).contains("the call's statements: ")
                .containsPattern("INSERT INTO dbrace_myobj[^|]*→ ERROR 1062");
        JsonNode drawn = row.get("swimlanes").get(0);
        assertThat(drawn.get("outcome").asText()).isEqualTo("does_not_exist");
        assertThat(drawn.get("lanes").get(1).get("who").asText()).endsWith(": created");
        assertThat(drawn.get("lanes").get(1).get("boxes").toString()).contains("INSERT INTO dbrace_myobj").contains("COMMIT");
    }

    @Test
    void checkJudgesTheClassAndExploresIt() throws Exception {
        Path file = dir.resolve("acme.yml");
        Files.writeString(file, """
                threads: 2
                rounds: 30
                expect:
                  - {strategy: com.acme.AcmeSeed, isolation: read-committed, verdict: safe, explore: true}
                  - {strategy: com.acme.AcmeSeed, isolation: repeatable-read, verdict: safe, explore: true}
                """);
        Cli r = Cli.run("check", file.toString(), "--url", Databases.embeddedMariaDb().jdbcUrl(), "--strategy-jar",
                jar.toString(), "--out", dir.resolve("check").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).as(r.out()).contains("PASS com.acme.AcmeSeed at read-committed")
                .contains("FAIL com.acme.AcmeSeed at repeatable-read").contains("1 passed, 1 failed")
                .containsPattern("expected safe, but exploration finds created/does_not_exist possible, in \\d+ of \\d+ "
                        + "interleavings of 2 sessions");
        Cli without = Cli.run("check", file.toString(), "--url", "jdbc:mysql://127.0.0.1:1/none");
        assertThat(without.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(without.err()).contains("needs check --strategy-jar JAR");
    }
}
