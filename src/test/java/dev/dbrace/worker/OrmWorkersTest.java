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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped examples, raced on the MariaDB 10.11 and PostgreSQL 15 services: real Django 3.2 and
 * real Active Record 6.1, through their own get-or-create methods, show the outcomes they show
 * outside dbrace. "Never" claims are structural (the read that could miss the row comes after the
 * snapshot that holds it, or there is none); "seen" claims race 4 workers over 60 rounds, where each
 * losing call of the 180 misses the row with a probability measured at 0.5 or more.
 */
class OrmWorkersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String django() {
        Tools.requireWorks("the Django example needs Debian's python3-django, python3-mysqldb and python3-psycopg2",
                "/usr/bin/python3", "-c", "import django, MySQLdb, psycopg2");
        return "/usr/bin/python3 examples/django/django_worker.py";
    }

    private static String rails(String args) {
        Tools.requireWorks("the Rails example needs Debian's ruby-activerecord, ruby-mysql2 and ruby-pg",
                "/usr/bin/ruby", "-e", "require 'active_record'; require 'mysql2'; require 'pg'");
        return "/usr/bin/ruby examples/rails/rails_worker.rb " + args;
    }

    /** Races {@code command} on {@code t} and returns its row of summary.json. */
    private JsonNode race(Target t, String command, String... more) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("run", "-q", "--url", t.jdbcUrl(), "--user", t.user(),
                "--worker", command, "-t", "4", "-r", "60", "--out", out.toString()));
        args.addAll(List.of(more));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode row = JSON.readTree(out.resolve("summary.json").toFile()).get("strategies").get(0);
        assertThat(row.get("calls").asLong()).isEqualTo(240);
        assertThat(row.get("verification").get("passed").asBoolean()).as(row.toString()).isTrue();
        assertThat(row.get("outcomes").get("created").asLong()).as("one row per key").isEqualTo(60);
        return row;
    }

    private static long outcome(JsonNode row, String name) {
        return row.get("outcomes").get(name).asLong();
    }

    private static void neverRacy(JsonNode row) {
        assertThat(outcome(row, "does_not_exist")).as(row.toString()).isZero();
        assertThat(outcome(row, "integrity_error")).as(row.toString()).isZero();
        assertThat(outcome(row, "other")).as(row.toString()).isZero();
    }

    @Test
    void theMinimalAndReferenceWorkersRaceAtRepeatableRead() throws Exception {
        Tools.requireWorks("the reference worker needs Debian's python3-mysqldb and python3-psycopg2",
                "/usr/bin/python3", "-c", "import MySQLdb, psycopg2");
        Target mariadb = Databases.mariaDbService();
        // the README's 35-line worker first
        JsonNode minimal = race(mariadb, "/usr/bin/python3 examples/minimal/minimal_worker.py", "-i", "repeatable-read");
        assertThat(minimal.get("isolation").asText()).as("it does not say").isEqualTo("unknown");
        assertThat(outcome(minimal, "does_not_exist")).as(minimal.toString()).isPositive();
        neverRacy(race(mariadb, "/usr/bin/python3 examples/minimal/minimal_worker.py", "-i", "read-committed"));
        String worker = "/usr/bin/python3 examples/reference/reference_worker.py";
        for (Target t : List.of(mariadb, Databases.postgresService())) {
            JsonNode rr = race(t, worker, "-i", "repeatable-read");
            assertThat(rr.get("isolation").asText()).isEqualTo("repeatable-read");
            assertThat(outcome(rr, "does_not_exist")).as(rr.toString()).isPositive();
            assertThat(rr.get("db_errors").get("duplicate_key").asLong()).isGreaterThanOrEqualTo(outcome(rr, "does_not_exist"));
            JsonNode rc = race(t, worker, "-i", "read-committed");
            assertThat(rc.get("isolation").asText()).isEqualTo("read-committed");
            neverRacy(rc);
        }
    }

    @Test
    void djangoOnMariaDbRacesAtRepeatableReadAndNotAtItsOwnReadCommitted() throws Exception {
        String worker = django();
        Target t = Databases.mariaDbService();
        JsonNode rr = race(t, worker, "-i", "repeatable-read");
        assertThat(rr.get("isolation").asText()).isEqualTo("repeatable-read");
        assertThat(outcome(rr, "does_not_exist")).as(rr.toString()).isPositive();
        assertThat(rr.get("samples").get("does_not_exist").get(0).asText())
                .startsWith("race.MyObj.DoesNotExist: MyObj matching query does not exist.");
        assertThat(rr.get("db_errors").get("duplicate_key").asLong()).as("the IntegrityErrors get_or_create handled")
                .isGreaterThanOrEqualTo(outcome(rr, "does_not_exist"));
        assertThat(rr.get("db_errors_complete").asBoolean()).isTrue();

        JsonNode def = race(t, worker);
        assertThat(def.get("isolation").asText()).as("Django's default for MySQL since 2.0").isEqualTo("read-committed");
        neverRacy(def);
    }

    @Test
    void djangoExpectationsHoldInCheckAndABrokenPromiseFails() throws Exception {
        django();
        Target t = Databases.mariaDbService();
        Cli held = Cli.run("check", "examples/django/expectations.yml", "--url", t.jdbcUrl(), "--out", dir.resolve("a").toString());
        assertThat(held.exit()).as(held.out() + held.err()).isZero();
        assertThat(held.out()).contains("PASS django at the default isolation on").contains("2 passed, 0 failed");
        Path wrong = dir.resolve("wrong.yml");
        Files.writeString(wrong, """
                threads: 4
                rounds: 60
                expect:
                  - {worker: '/usr/bin/python3 examples/django/django_worker.py', name: django, isolation: repeatable-read, verdict: safe}
                """);
        Cli failed = Cli.run("check", wrong.toString(), "--url", t.jdbcUrl(), "--out", dir.resolve("b").toString());
        assertThat(failed.exit()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.out()).contains("FAIL django at repeatable-read").containsPattern("\\d+ of 240 calls ended in does_not_exist");
    }

    @Test
    void djangoOnPostgresRacesAtRepeatableReadOnly() throws Exception {
        String worker = django();
        Target t = Databases.postgresService();
        neverRacy(race(t, worker));
        JsonNode rr = race(t, worker, "-i", "repeatable-read");
        assertThat(rr.get("isolation").asText()).isEqualTo("repeatable-read");
        assertThat(outcome(rr, "does_not_exist")).as(rr.toString()).isPositive();
    }

    @Test
    void railsOnMariaDbRacesOnlyInsideATransactionThatReadFirst() throws Exception {
        Target t = Databases.mariaDbService();
        // autocommit: the re-find is a fresh read
        neverRacy(race(t, rails("find_or_create_by")));
        neverRacy(race(t, rails("create_or_find_by")));
        // one transaction at InnoDB's REPEATABLE READ: find_by fixed the snapshot before the INSERT failed
        JsonNode inTx = race(t, rails("find_or_create_by --transaction"));
        assertThat(inTx.get("isolation").asText()).isEqualTo("repeatable-read");
        assertThat(outcome(inTx, "does_not_exist")).as(inTx.toString()).isPositive();
        assertThat(inTx.get("samples").get("does_not_exist").get(0).asText()).startsWith("ActiveRecord::RecordNotFound");
        // INSERT first: InnoDB takes the snapshot at the find after it, which sees the row
        neverRacy(race(t, rails("create_or_find_by --transaction")));
    }

    @Test
    void railsOnPostgresInsideATransaction() throws Exception {
        Target t = Databases.postgresService();
        // the rescued RecordNotUnique has aborted the transaction: the re-find fails with 25P02
        JsonNode find = race(t, rails("find_or_create_by --transaction"));
        assertThat(outcome(find, "other")).as(find.toString()).isPositive();
        assertThat(find.get("db_errors").get("transaction_aborted").asLong()).isEqualTo(outcome(find, "other"));
        assertThat(find.get("samples").get("other").get(0).asText()).contains("PG::InFailedSqlTransaction");
        // a savepoint keeps it usable, but at REPEATABLE READ PostgreSQL's snapshot came with the INSERT
        JsonNode create = race(t, rails("create_or_find_by --transaction"), "-i", "repeatable-read");
        assertThat(outcome(create, "does_not_exist")).as(create.toString()).isPositive();
        neverRacy(race(t, rails("create_or_find_by --transaction")));
    }
}
