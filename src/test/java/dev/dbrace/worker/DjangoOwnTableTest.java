package dev.dbrace.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Django adapter ({@code src/main/resources/dev/dbrace/adapters/dbrace_django.py}): a team's own settings module, model, table and
 * function (the seed's {@code create_or_update_myobj(owner, thing, state)}), raced and explored with no protocol
 * code of the team's, on the team's table ({@code --table myapp_myobj}), which dbrace verifies.
 */
class DjangoOwnTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADAPTER = "/usr/bin/python3 src/main/resources/dev/dbrace/adapters/dbrace_django.py --path examples/django/team "
            + "--settings myproject.settings";
    private static final String WORKER = ADAPTER + " --function myapp.services.create_or_update_myobj";
    private static final String KEYS = ADAPTER.replace("dbrace_django.py", "dbrace_django.py keys")
            + " --make-keys myapp.dbrace_keys.make_keys";
    private static final List<String> TABLE = List.of("--table", "myapp_myobj", "--key-columns", "thing_id,owner_id",
            "--keys-command", KEYS);

    @TempDir
    Path dir;

    private static Target service() {
        Tools.requireWorks("the Django adapter needs Debian's python3-django and python3-mysqldb",
                "/usr/bin/python3", "-c", "import django, MySQLdb");
        return Databases.mariaDbService();
    }

    /** The team's tables, as its migrations would make them; dropped after the class however it went. */
    private static void schema(String what) throws Exception {
        Target t = Databases.mariaDbService();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "examples/django/team/schema.py", what)
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("DBRACE_HOST", t.endpoint().host(), "DBRACE_PORT",
                String.valueOf(t.endpoint().port()), "DBRACE_DATABASE", t.endpoint().database(), "DBRACE_USER", t.user()));
        Path log = Files.createTempFile("schema-", ".log");
        Process p = pb.redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(2, TimeUnit.MINUTES);        // a hang guard, not a time limit
        String out = Files.readString(log);
        Files.delete(log);
        assertThat(exited).as("schema.py " + what + " exited: " + out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** True once this class made the team's tables: only then are they dropped (a skipped class made none). */
    private static boolean created;

    @BeforeAll
    static void create() throws Exception {
        service();
        created = true;             // set first: a create that fails half-way still gets its drop
        schema("create");
    }

    @AfterAll
    static void drop() throws Exception {
        if (created) {
            schema("drop");
        }
    }

    private JsonNode race(String level, String... more) throws Exception {
        return raceOf(WORKER, level, more);
    }

    private JsonNode raceOf(String worker, String level, String... more) throws Exception {
        Target t = service();
        Path out = dir.resolve("out-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("run", "-q", "--url", t.jdbcUrl(), "--user", t.user(),
                "--worker", worker, "--gate", "-t", "4", "-r", "60", "--out", out.toString()));
        args.addAll(TABLE);
        if (level != null) {
            args.addAll(List.of("-i", level));
        }
        args.addAll(List.of(more));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode row = JSON.readTree(out.resolve("summary.json").toFile()).get("strategies").get(0);
        JsonNode v = row.get("verification");
        assertThat(v.get("passed").asBoolean()).as(row.toString()).isTrue();
        // the team's table was read back: a row for each of the 60 keys raced, each id a caller got among them
        assertThat(v.get("keys_raced").asLong()).as(v.toString()).isEqualTo(60);
        assertThat(v.get("rows").asLong()).as(v.toString()).isEqualTo(60);
        return row;
    }

    private static long outcome(JsonNode row, String name) {
        JsonNode n = row.get("outcomes").get(name);
        return n == null ? 0 : n.asLong();
    }

    @Test
    void theSeedsFunctionOnTheTeamsTableRacesToDoesNotExistAtRepeatableRead() throws Exception {
        JsonNode row = race("repeatable-read");
        assertThat(outcome(row, "created")).as(row.toString()).isEqualTo(60);
        assertThat(outcome(row, "does_not_exist")).as(row.toString()).isPositive();
        assertThat(row.get("db_errors_complete").asBoolean()).as("the wire saw every error").isTrue();
    }

    @Test
    void atTheTeamsOwnSettingsReadCommittedNoCallerGetsDoesNotExist() throws Exception {
        JsonNode row = race(null);
        assertThat(row.get("isolation").asText()).isEqualTo("read-committed");
        assertThat(outcome(row, "created")).as(row.toString()).isEqualTo(60);
        assertThat(outcome(row, "does_not_exist")).as(row.toString()).isZero();
        assertThat(outcome(row, "found")).as(row.toString()).isEqualTo(180);
        assertThat(row.at("/db_errors/duplicate_key").asLong()).as("the callers raced: losers' INSERTs met the winner's key")
                .isPositive();
    }

    /** explain --all of {@code worker} on the team's table at REPEATABLE READ, as JSON, which must be complete. */
    private static JsonNode explore(String worker) throws Exception {
        Target t = service();
        List<String> args = new ArrayList<>(List.of("explain", "--all", "--url", t.jdbcUrl(), "--user", t.user(),
                "--worker", worker, "-i", "repeatable-read", "--format", "json"));
        args.addAll(TABLE);
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode e = JSON.readTree(r.out());
        assertThat(e.get("complete").asBoolean()).as(r.out()).isTrue();
        return e;
    }

    @Test
    void explainAllOnTheTeamsTableFindsTheInterleavingAndShowsDjangosStatements() throws Exception {
        JsonNode e = explore(WORKER);
        JsonNode pair = null;
        for (JsonNode p : e.get("pairs")) {
            if (p.get("outcomes").toString().equals("[\"created\",\"does_not_exist\"]")) {
                pair = p;
            }
        }
        assertThat(pair).as(e.toString()).isNotNull();
        String witness = pair.get("witness").toString();
        assertThat(witness).as(witness).contains("INSERT INTO `myapp_myobj`").contains("SQLState 23000, code 1062")
                .containsPattern("ROLLBACK TO SAVEPOINT");
    }

    /**
     * A request handler that loads the owner before its get-or-create: at REPEATABLE READ that first read fixes the
     * snapshot, so whether a caller finds the row depends on where that read falls against the winner's COMMIT. It is
     * a stop like every other statement: the exploration reaches created/found, and every outcome a free race of the
     * same function shows is one of the exploration's.
     */
    @Test
    void aFunctionThatLoadsTheOwnerFirstReachesFoundAtRepeatableReadAsTheRaceDoes() throws Exception {
        String worker = ADAPTER + " --function myapp.services.create_or_update_myobj_after_loading_owner";
        JsonNode e = explore(worker);
        Set<String> pairs = new HashSet<>();
        Set<String> outcomes = new HashSet<>();
        for (JsonNode p : e.get("pairs")) {
            pairs.add(p.get("outcomes").toString());
            p.get("outcomes").forEach(o -> outcomes.add(o.asText()));
        }
        assertThat(pairs).as(e.toString()).contains("[\"created\",\"found\"]", "[\"created\",\"does_not_exist\"]");
        assertThat(e.toString()).as("the owner's read is a stop of its own").contains("FROM `myapp_owner`");
        JsonNode row = raceOf(worker, "repeatable-read");
        row.get("outcomes").fields().forEachRemaining(o -> {
            if (o.getValue().asLong() > 0) {
                assertThat(outcomes).as("the race's " + o.getKey() + " is an explored outcome: " + row).contains(o.getKey());
            }
        });
    }

    /**
     * A function with no state parameter (Django's own get_or_create, nothing else) is called with its key only. At
     * REPEATABLE READ Django's internal re-get misses the winner's row and re-raises the IntegrityError.
     */
    @Test
    void aFunctionWithoutAStateParameterIsCalledWithItsKeyOnly() throws Exception {
        JsonNode e = explore(ADAPTER + " --function myapp.services.get_tagged");
        Set<String> pairs = new HashSet<>();
        e.get("pairs").forEach(p -> pairs.add(p.get("outcomes").toString()));
        assertThat(pairs).as(e.toString()).contains("[\"created\",\"found\"]", "[\"created\",\"integrity_error\"]");
    }

    /**
     * Started by name, through the adapter shipped inside dbrace's jar: no adapter path and no keys command in the
     * command, and the output names the team's function. Without --django-keys, the team's foreign keys are refused
     * in one line that says what to give.
     */
    @Test
    void theFunctionIsStartedByNameThroughTheShippedAdapter() throws Exception {
        Target t = service();
        List<String> named = List.of("--django", "myapp.services.create_or_update_myobj_after_loading_owner",
                "--settings", "myproject.settings", "--project", "examples/django/team", "--python", "/usr/bin/python3",
                "--table", "myapp_myobj", "--key-columns", "thing_id,owner_id");
        List<String> args = new ArrayList<>(List.of("explain", "--all", "--url", t.jdbcUrl(), "--user", t.user(), "-i",
                "repeatable-read", "--format", "json", "--django-keys", "myapp.dbrace_keys.make_keys"));
        args.addAll(named);
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode e = JSON.readTree(r.out());
        assertThat(e.get("strategy").asText()).isEqualTo("create_or_update_myobj_after_loading_owner");
        Set<String> pairs = new HashSet<>();
        e.get("pairs").forEach(p -> pairs.add(p.get("outcomes").toString()));
        assertThat(pairs).as(r.out()).contains("[\"created\",\"found\"]");
        List<String> noKeys = new ArrayList<>(List.of("run", "-q", "--url", t.jdbcUrl(), "--user", t.user(), "--gate",
                "-t", "2", "-r", "2", "--out", dir.resolve("no-keys").toString()));
        noKeys.addAll(named);
        Cli refused = Cli.run(noKeys.toArray(String[]::new));
        assertThat(refused.exit()).as(refused.out() + refused.err()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("myapp_myobj.thing_id references another table")
                .contains("--keys-command");
    }
}
