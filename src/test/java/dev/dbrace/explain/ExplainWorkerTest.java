package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.cli.ExitCode;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.NaiveStrategy;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Tools;
import dev.dbrace.worker.WorkerCommand;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code explain --all --worker}: every interleaving of a worker's statements, parked at the statement gate, on the
 * real server; the witnesses are the statements the worker's own code sent.
 */
class ExplainWorkerTest {

    private static final String DJANGO = "/usr/bin/python3 examples/django/django_worker.py";
    private static final String REFERENCE = "/usr/bin/python3 examples/reference/reference_worker.py";

    static Stream<Named<Supplier<Target>>> servers() {
        return Stream.concat(Databases.mysqlFamily(), Databases.postgres());
    }

    private static Exploration explore(Target t, String command, Isolation level) throws Exception {
        Exploration e = new Explorer(t).explore(new WorkerCommand(WorkerCommand.defaultName(command), command), level,
                Settings.NONE, Explorer.Options.of(2, 20_000));
        assertThat(e.complete()).as("every interleaving explored").isTrue();
        assertThat(e.diverged()).as("no replay met other statements than the run it followed").isZero();
        return e;
    }

    private static Set<List<Outcome>> combinations(Exploration e) {
        return e.pairs().stream().map(Exploration.Pair::outcomes).collect(Collectors.toSet());
    }

    private static String witness(Exploration e, List<Outcome> outcomes) {
        return e.pairs().stream().filter(p -> p.outcomes().equals(outcomes)).findFirst().orElseThrow().witness().stream()
                .map(s -> "T" + s.session() + " " + s.kind() + " " + s.sql() + " " + s.text() + " " + s.error())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void djangoAtRepeatableReadHasAnInterleavingThatRaisesDoesNotExistAndItsWitnessIsDjangosSql() throws Exception {
        Tools.requireWorks("the Django example needs Debian's python3-django and python3-mysqldb",
                "/usr/bin/python3", "-c", "import django, MySQLdb");
        Exploration e = explore(Databases.mariaDbService(), DJANGO, Isolation.REPEATABLE_READ);
        List<Outcome> race = List.of(Outcome.CREATED, Outcome.DOES_NOT_EXIST);
        assertThat(combinations(e)).contains(race);
        String w = witness(e, race);
        assertThat(w).as(w)
                .containsPattern("T2 SENT SELECT `dbrace_explore_myobj`.`id`")
                .containsPattern("T2 SENT SAVEPOINT `\\w+`")
                .containsPattern("T2 FAILED INSERT INTO `dbrace_explore_myobj` .*SQLState 23000, code 1062")
                .containsPattern("T2 RETURNED ROLLBACK TO SAVEPOINT `\\w+`")
                .containsPattern("(?s)code 1062.*T2 RETURNED SELECT `dbrace_explore_myobj`.* 0 rows");
    }

    @Test
    void djangoAtItsDefaultReadCommittedHasNoInterleavingThatRaisesDoesNotExist() throws Exception {
        Tools.requireWorks("the Django example needs Debian's python3-django and python3-mysqldb",
                "/usr/bin/python3", "-c", "import django, MySQLdb");
        Exploration e = explore(Databases.mariaDbService(), DJANGO, null);
        assertThat(e.isolation()).isEqualTo("read-committed");
        assertThat(combinations(e)).isNotEmpty().allSatisfy(c -> assertThat(c).doesNotContain(Outcome.DOES_NOT_EXIST));
    }

    /**
     * The explorer's clock ({@code -Ddbrace.explain.clock=true}, docs/performance.md) records every part of a run: a
     * gated worker's statements in flight and the code between them at the gate, the explorer's hand-offs once a stop,
     * a read of the lock views where a statement waited.
     */
    @Test
    void theClockRecordsEveryPartOfAGatedRun() throws Exception {
        Tools.requireWorks("the reference worker needs Debian's python3-mysqldb", "/usr/bin/python3", "-c", "import MySQLdb");
        StopClock clock = StopClock.recording();
        Exploration e = new Explorer(Databases.mariaDbService(), clock).explore(
                new WorkerCommand(WorkerCommand.defaultName(REFERENCE), REFERENCE), Isolation.REPEATABLE_READ,
                Settings.NONE, Explorer.Options.of(2, 20_000));
        long runs = e.explored() + e.redundant();
        assertThat(clock.spans(StopClock.Part.RUN_START)).as("one start a run").isEqualTo(runs);
        assertThat(clock.spans(StopClock.Part.RUN_END)).as("one end a run").isEqualTo(runs);
        assertThat(clock.spans(StopClock.Part.BETWEEN_RUNS)).isEqualTo(runs - 1);
        assertThat(clock.spans(StopClock.Part.SETTLED_TO_GRANT)).as("a choice a stop")
                .isGreaterThanOrEqualTo(2 * runs);
        assertThat(clock.spans(StopClock.Part.GRANT_TO_SEND)).as("every grant goes on to the server")
                .isEqualTo(clock.spans(StopClock.Part.SETTLED_TO_GRANT));
        assertThat(clock.spans(StopClock.Part.IN_FLIGHT)).as("every statement answered, glued ones too")
                .isGreaterThanOrEqualTo(clock.spans(StopClock.Part.GRANT_TO_SEND));
        assertThat(clock.spans(StopClock.Part.CODE)).isPositive();
        assertThat(clock.spans(StopClock.Part.MOVE_TO_SETTLED)).isPositive();
        assertThat(e.blockings()).as("T2's INSERT waits for T1's in some run").isPositive();
        assertThat(clock.spans(StopClock.Part.LOCK_VIEWS)).as("the views were read for it").isPositive();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aWorkerRunningNaivesSequenceGivesNaivesCombinations(Supplier<Target> server) throws Exception {
        Tools.requireWorks("the reference worker needs Debian's python3-mysqldb and python3-psycopg2", "/usr/bin/python3",
                "-c", "import MySQLdb, psycopg2");
        Target t = server.get();
        for (Isolation level : List.of(Isolation.REPEATABLE_READ, Isolation.READ_COMMITTED)) {
            Exploration worker = explore(t, REFERENCE, level);
            Exploration naive = new Explorer(t).explore(new NaiveStrategy(), level, false, Settings.NONE,
                    Explorer.Options.of(2, 20_000));
            assertThat(combinations(worker)).as(level.key()).isEqualTo(combinations(naive));
        }
    }

    /**
     * Active Record 6.1's find_or_create_by inside a transaction on PostgreSQL: where the loser's INSERT fails, the
     * transaction is aborted, and the caller's rescue re-find is refused with 25P02 (in_failed_sql_transaction).
     */
    @Test
    void activeRecordsFindOrCreateByInATransactionReachesInFailedSqlTransactionOnPostgres() throws Exception {
        Tools.requireWorks("the Rails example needs Debian's ruby-activerecord and ruby-pg", "/usr/bin/ruby", "-e",
                "require 'active_record'; require 'pg'");
        Exploration e = new Explorer(Databases.postgresService()).explore(new WorkerCommand("rails_worker",
                "/usr/bin/ruby examples/rails/rails_worker.rb find_or_create_by --transaction"), null, Settings.NONE,
                Explorer.Options.of(2, 20_000));
        assertThat(e.complete()).isTrue();
        assertThat(e.pairs()).anySatisfy(p -> assertThat(p.witness()).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo(Step.Kind.FAILED);
            assertThat(s.sql()).startsWith("SELECT \"dbrace_explore_myobj\".*");
            assertThat(s.error()).contains("SQLState 25P02");
        }));
    }

    @Test
    void theCommandLineExploresAWorkerAndRefusesOneWithoutAll() {
        Tools.requireWorks("the reference worker needs Debian's python3-mysqldb", "/usr/bin/python3", "-c", "import MySQLdb");
        Target t = Databases.mariaDbService();
        Cli r = Cli.run("explain", "--all", "--worker", REFERENCE, "-i", "repeatable-read", "--url", t.jdbcUrl(),
                "--user", t.user());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("explain --all: reference_worker at repeatable-read").contains("does_not_exist");
        Cli named = Cli.run("explain", "--all", "--worker", REFERENCE, "--worker-name", "orders.get_or_create", "-i",
                "repeatable-read", "--url", t.jdbcUrl(), "--user", t.user(), "--max-interleavings", "2");
        assertThat(named.out()).as(named.err()).contains("explain --all: orders.get_or_create at repeatable-read");
        Cli without = Cli.run("explain", "--worker", REFERENCE, "--url", t.jdbcUrl(), "--user", t.user());
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).contains("--worker is explored with --all");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)     // a hang guard
    void aCallThatStepsOnASecondConnectionIsRefusedInOneLineAndNothingHangs() throws Exception {
        Tools.requireWorks("the test worker needs Debian's python3-mysqldb", "/usr/bin/python3", "-c", "import MySQLdb");
        Target t = Databases.embeddedMariaDb();
        Cli r = Cli.run("explain", "--all", "--url", t.jdbcUrl(), "--user", t.user(), "--worker",
                "/usr/bin/python3 src/test/resources/workers/two_connections.py", "-i", "repeatable-read");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err().strip().lines().toList()).as(r.err())
                .anySatisfy(l -> assertThat(l).contains("sent a step on a second connection")
                        .contains("one connection per caller"));
    }

    /**
     * A first call that sets the worker up on a second connection (Sequelize fills its type cache through its pool on
     * its first connection to PostgreSQL) is the warm-up's: let through, not refused; the counted runs step one.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)     // a hang guard
    void aFirstCallThatSetsUpOnASecondConnectionIsTheWarmUpsAndTheRestIsExplored() throws Exception {
        Tools.requireWorks("the test worker needs Debian's python3-mysqldb", "/usr/bin/python3", "-c", "import MySQLdb");
        Target t = Databases.embeddedMariaDb();
        Cli r = Cli.run("explain", "--all", "--url", t.jdbcUrl(), "--user", t.user(), "--worker",
                "/usr/bin/python3 src/test/resources/workers/first_call_sets_up.py", "-i", "read-committed");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("all there are").contains("created").contains("found");
    }

    @Test
    void aWorkerWhoseStatementsDependOnMoreThanTheOrderIsNeverReportedAllThereAre() throws Exception {
        Tools.requireWorks("the test worker needs Debian's python3-mysqldb", "/usr/bin/python3", "-c", "import MySQLdb");
        Target t = Databases.mariaDbService();
        Cli r = Cli.run("explain", "--all", "--url", t.jdbcUrl(), "--user", t.user(), "--worker",
                "/usr/bin/python3 src/test/resources/workers/alternating.py", "-i", "repeatable-read", "--format", "json");
        JsonNode e = new ObjectMapper().readTree(r.out());
        assertThat(e.get("diverged").asLong()).as(r.out()).isPositive();
        assertThat(e.get("complete").asBoolean()).as(r.out()).isFalse();
        assertThat(e.get("extent").asText()).isEqualTo("diverged");
        assertThat(r.exit()).as("an exploration that is not all there are fails").isEqualTo(ExitCode.FAILED);
        Cli text = Cli.run("explain", "--all", "--url", t.jdbcUrl(), "--user", t.user(), "--worker",
                "/usr/bin/python3 src/test/resources/workers/alternating.py", "-i", "repeatable-read");
        assertThat(text.out()).as(text.out()).contains("NOT all there are").contains("diverged from their replayed prefix")
                .doesNotContain("all there are\n");
    }
}
