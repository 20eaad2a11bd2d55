package dev.dbrace.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Target;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Sql;
import dev.dbrace.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQLAlchemy and Rails adapters shipped inside dbrace's jar, started by name on a small team project's own table
 * ({@code tags}, a unique name, no foreign key): the team's functions say nothing of what they did, take no state,
 * and need no keys command. Created and found come from the wire; dbrace makes the names.
 */
class AdaptersByNameTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "tags";
    private static final Set<Target> USED = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    @AfterAll
    static void dropTables() {
        Sql.dropOn(USED, TABLE);
    }

    static Stream<Named<Supplier<Target>>> services() {
        return Stream.of(Named.of("MariaDB service", Databases::mariaDbService),
                Named.of("PostgreSQL service", Databases::postgresService));
    }

    /** The team's table, as its migration would make it (Active Record's timestamps included). */
    private static Target table(Supplier<Target> server) throws Exception {
        Target t = server.get();
        USED.add(t);
        boolean pg = t.endpoint().family().equals("postgresql");
        Sql.run(t, "DROP TABLE IF EXISTS " + TABLE, pg
                ? "CREATE TABLE " + TABLE + " (id BIGSERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE, "
                + "created_at TIMESTAMP(6), updated_at TIMESTAMP(6))"
                : "CREATE TABLE " + TABLE + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE, "
                + "created_at DATETIME(6), updated_at DATETIME(6)) ENGINE=InnoDB");
        return t;
    }

    private static List<String> on(Target t) {
        return List.of("--url", t.jdbcUrl(), "--user", t.user(), "--table", TABLE, "--key-columns", "name");
    }

    private JsonNode race(Target t, List<String> code) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("run", "-q", "-t", "4", "-r", "40", "-i", "repeatable-read",
                "--out", out.toString()));
        args.addAll(on(t));
        args.addAll(code);
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode row = JSON.readTree(out.resolve("summary.json").toFile()).get("strategies").get(0);
        JsonNode v = row.get("verification");
        assertThat(v.get("passed").asBoolean()).as(row.toString()).isTrue();
        assertThat(v.get("rows").asLong()).as(v.toString()).isEqualTo(40);
        // one caller a key was told it created the row, from its statements on the wire
        assertThat(row.at("/outcomes/created").asLong()).as(row.toString()).isEqualTo(40);
        return row;
    }

    /**
     * explain --all of {@code code} at REPEATABLE READ, which must be complete with no run diverged from its replayed
     * prefix; its outcome combinations.
     */
    private Set<String> explore(Target t, List<String> code) throws Exception {
        List<String> args = new ArrayList<>(List.of("explain", "--all", "-i", "repeatable-read", "--format", "json",
                "--out", dir.resolve("explain-" + System.nanoTime()).toString()));
        args.addAll(on(t));
        args.addAll(code);
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode e = JSON.readTree(r.out());
        assertThat(e.get("complete").asBoolean()).as(r.out()).isTrue();
        assertThat(e.get("diverged").asLong()).as(r.out()).isZero();
        Set<String> pairs = new HashSet<>();
        e.get("pairs").forEach(p -> pairs.add(p.get("outcomes").toString()));
        return pairs;
    }

    private static List<String> sqlalchemy(String function) {
        Tools.requireWorks("the SQLAlchemy adapter needs Debian's python3-sqlalchemy, python3-mysqldb and python3-psycopg2",
                "/usr/bin/python3", "-c", "import sqlalchemy, MySQLdb, psycopg2");
        return List.of("--sqlalchemy", "tags:" + function, "--project", "examples/sqlalchemy/team",
                "--python", "/usr/bin/python3");
    }

    private static List<String> rails(String call) {
        Tools.requireWorks("the Rails adapter needs Debian's ruby-activerecord, ruby-mysql2 and ruby-pg",
                "/usr/bin/ruby", "-e", "require 'active_record'; require 'mysql2'; require 'pg'");
        return List.of("--rails", call, "--require", "app/models/tag.rb", "--project", "examples/rails/team",
                "--ruby", "/usr/bin/ruby");
    }

    /**
     * SQLAlchemy's query, add, commit, and on IntegrityError a rollback and a new query: the rollback ends the
     * snapshot, so the re-query finds the winner's row at REPEATABLE READ on both servers.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void sqlalchemysQueryThenAddFindsTheRowAfterItsRollback(Supplier<Target> server) throws Exception {
        Target t = table(server);
        JsonNode row = race(t, sqlalchemy("get_or_create"));
        assertThat(row.at("/outcomes/found").asLong()).as(row.toString()).isEqualTo(120);
        assertThat(explore(t, sqlalchemy("get_or_create"))).containsExactlyInAnyOrder("[\"created\",\"found\"]",
                "[\"found\",\"created\"]");
    }

    /** The same function given a Session by the adapter, on the team module's engine. */
    @Test
    void aFunctionThatTakesASessionGetsOneOnTheTeamsEngine() throws Exception {
        Target t = table(services().toList().get(0).getPayload());
        assertThat(explore(t, sqlalchemy("get_or_create_in"))).contains("[\"created\",\"integrity_error\"]");
    }

    /**
     * Active Record's find_or_create_by!: the loser's INSERT meets the winner's key and RecordNotUnique escapes,
     * and where the loser reads after the winner's commit it finds the row.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void railsFindOrCreateByRaisesRecordNotUniqueWhereTheInsertsMeet(Supplier<Target> server) throws Exception {
        Target t = table(server);
        assertThat(explore(t, rails("Tag.find_or_create"))).contains("[\"created\",\"integrity_error\"]",
                "[\"created\",\"found\"]");
        JsonNode row = race(t, rails("Tag.create_or_find"));
        assertThat(row.at("/outcomes/integrity_error").asLong()).as(row.toString()).isZero();
    }

    private static List<String> nodejs(String export) {
        Tools.requireWorks("the Node.js adapter needs Node.js and examples/node/team's npm packages (.ci/run runs npm ci)",
                "/usr/bin/node", "-e", "require(require('path').resolve('examples/node/team/src/tags.js'))");
        return List.of("--nodejs", "./src/tags.js#" + export, "--project", "examples/node/team", "--node-binary",
                "/usr/bin/node");
    }

    /**
     * TypeORM's find-then-save in a transaction, started by name: the loser's INSERT meets the winner's key, and
     * TypeORM's QueryFailedError on it is integrity_error, on both servers.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void typeormsFindThenSaveMeetsTheKeyWhereTheInsertsMeet(Supplier<Target> server) throws Exception {
        Target t = table(server);
        assertThat(explore(t, nodejs("typeormFindThenSaveInTransaction"))).contains("[\"created\",\"integrity_error\"]",
                "[\"created\",\"found\"]");
        race(t, nodejs("typeormFindThenSaveInTransaction"));
    }

    /**
     * Sequelize's findOrCreate re-finds the row after a UniqueConstraintError outside its transaction, on a second
     * connection of its pool: the race runs, and explain refuses in one line that names the session, instead of
     * ordering one connection and letting the other run unordered.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void sequelizesFindOrCreateRacesAndItsSecondConnectionIsRefusedByExplain(Supplier<Target> server) throws Exception {
        // on PostgreSQL it inserts inside a function it creates (pg_temp.testfunc): the wire cannot tell, and its own
        // [row, created] is taken; verification holds it to the table
        Target t = table(server);
        JsonNode row = race(t, nodejs("sequelizeFindOrCreate"));
        assertThat(row.at("/outcomes/found").asLong()).as(row.toString()).isEqualTo(120);
        List<String> args = new ArrayList<>(List.of("explain", "--all", "-i", "repeatable-read"));
        args.addAll(on(t));
        args.addAll(nodejs("sequelizeFindOrCreate"));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.err()).containsPattern("T[12]'s call sent a step on a second connection");
    }

    /**
     * Sequelize's upsert says created or found on MariaDB (its affected rows, found-rows off), and the race verifies;
     * TypeORM's upsert does not say, and its answer counts one row either way (mysql2 asks for found rows): explain
     * refuses in one line rather than guess, and leaves no worker logs behind (its worker wrote nothing on stderr).
     */
    @Test
    void upsertsAreToldApartWhereTheWireOrTheOrmSaysAndRefusedWhereNeither() throws Exception {
        Target t = table(Databases::mariaDbService);
        JsonNode row = race(t, nodejs("sequelizeUpsert"));
        assertThat(row.at("/outcomes/created").asLong()).as(row.toString()).isEqualTo(40);
        Set<Path> before = workerLogs();
        List<String> args = new ArrayList<>(List.of("explain", "--all", "-i", "read-committed"));
        args.addAll(on(t));
        args.addAll(nodejs("typeormUpsert"));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isNotZero();
        assertThat(r.err()).contains("cannot tell whether it created the row");
        assertThat(workerLogs()).as("no empty worker logs kept").isEqualTo(before);
    }

    private static Set<Path> workerLogs() throws Exception {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("dbrace-workers-")).collect(Collectors.toSet());
        }
    }

    private static List<String> laravel() {
        Tools.requireWorks("the Laravel adapter needs Debian's php-cli, php-mysql, php-pgsql and php-illuminate-database",
                "/usr/bin/php", "-r", "require '/usr/share/php/Illuminate/Database/autoload.php'; "
                        + "new PDO('mysql:host=127.0.0.1;port=3306;dbname=test', 'root', ''); "
                        + "new PDO('pgsql:host=127.0.0.1;port=5432;dbname=test', 'postgres', '');");
        return List.of("--laravel", "Team\\Tags::firstOrCreate", "--require", "src/Tags.php", "--project",
                "examples/laravel/team", "--php", "/usr/bin/php");
    }

    private static List<String> dbix() {
        Tools.requireWorks("the DBIx::Class adapter needs Debian's libdbix-class-perl, libdbd-mysql-perl and libdbd-pg-perl",
                "/usr/bin/perl", "-MDBIx::Class", "-MDBD::mysql", "-MDBD::Pg", "-e", "1");
        return List.of("--dbix", "Team::Tags::find_or_create", "--schema-class", "Team::Schema", "--project",
                "examples/dbix/team", "--perl", "/usr/bin/perl");
    }

    /**
     * Laravel's firstOrCreate and DBIx::Class's find_or_create, started by name: each reads, then inserts in a
     * statement of its own, so the loser's INSERT meets the winner's key where the two reads came first. PHP's PDO
     * drops each statement it prepared on PostgreSQL (DEALLOCATE), which the explorer glues to the next stop: no run
     * diverges from its replayed prefix.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void laravelAndDbixMeetTheKeyWhereTheirInsertsMeet(Supplier<Target> server) throws Exception {
        Target t = table(server);
        for (List<String> code : List.of(laravel(), dbix())) {
            assertThat(explore(t, code)).contains("[\"created\",\"integrity_error\"]", "[\"created\",\"found\"]");
            race(t, code);
        }
    }

    /**
     * A worker that says it found the row when its statements show it inserted the row and committed is held to the
     * wire: the run stops with the call's statements, rather than count what the worker said.
     */
    @Test
    void aWorkerWhoseWordTheWireContradictsStopsTheRun() throws Exception {
        Target t = table(services().toList().get(0).getPayload());
        Tools.requireWorks("the worker needs Debian's python3-mysqldb", "/usr/bin/python3", "-c", "import MySQLdb");
        Path worker = dir.resolve("liar.py");
        Files.writeString(worker, """
                import json, os, sys, MySQLdb
                hello = json.loads(sys.stdin.readline())
                t = hello["target"]
                db = MySQLdb.connect(host=t["host"], port=t["port"], user=t["user"], db=t["database"], autocommit=True)
                print(json.dumps({"type": "ready"}), flush=True)
                for msg in map(json.loads, sys.stdin):
                    if msg["type"] == "stop":
                        break
                    c = db.cursor()
                    c.execute("INSERT IGNORE INTO tags (name) VALUES (%s)", (msg["key"]["name"],))
                    c.execute("SELECT id FROM tags WHERE name = %s", (msg["key"]["name"],))
                    print(json.dumps({"type": "result", "seq": msg["seq"], "outcome": "found", "id": c.fetchone()[0]}),
                          flush=True)
                """);
        List<String> args = new ArrayList<>(List.of("run", "-q", "-t", "2", "-r", "5", "--gate",
                "--worker", "/usr/bin/python3 " + worker, "--out", dir.resolve("liar").toString()));
        args.addAll(on(t));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.err()).as(r.err()).containsPattern("said call \\d+ found, but its statements show it inserted the "
                + "row and committed: INSERT IGNORE INTO tags \\(name\\) VALUES \\('[^']+'\\) → ok, 1 row affected");
    }
}
