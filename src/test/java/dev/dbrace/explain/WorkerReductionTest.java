package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.support.Databases;
import dev.dbrace.support.Tools;
import dev.dbrace.worker.WorkerCommand;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Code nobody here wrote, explored through its worker: the reduced exploration gives exactly the outcome combinations of
 * the unreduced one (every statement the ORM sends a stop, every order run), on the MariaDB and PostgreSQL services at
 * READ COMMITTED and REPEATABLE READ: Django's get_or_create with the seed's except-IntegrityError re-get, and Active
 * Record's find_or_create_by inside a transaction.
 */
class WorkerReductionTest {

    private static final String DJANGO = "/usr/bin/python3 examples/django/django_worker.py";
    private static final String RAILS = "/usr/bin/ruby examples/rails/rails_worker.rb find_or_create_by --transaction";

    static Stream<Arguments> workersOnServers() {
        Stream<Named<Supplier<Target>>> servers = Stream.of(Named.of("MariaDB service", Databases::mariaDbService),
                Named.of("PostgreSQL service", Databases::postgresService));
        return servers.flatMap(s -> Stream.of(Named.of("Django", DJANGO), Named.of("Rails", RAILS))
                .map(w -> Arguments.of(w, s)));
    }

    private static void requireStack(String worker, Target t) {
        boolean pg = t.endpoint().family().equals("postgresql");
        if (worker.equals(DJANGO)) {
            Tools.requireWorks("the Django worker needs Debian's python3-django and " + (pg ? "python3-psycopg2" : "python3-mysqldb"),
                    "/usr/bin/python3", "-c", "import django, " + (pg ? "psycopg2" : "MySQLdb"));
        } else {
            Tools.requireWorks("the Rails worker needs Debian's ruby-activerecord and " + (pg ? "ruby-pg" : "ruby-mysql2"),
                    "/usr/bin/ruby", "-e", "require 'active_record'; require '" + (pg ? "pg" : "mysql2") + "'");
        }
    }

    @ParameterizedTest(name = "{0} on the {1}")
    @MethodSource("workersOnServers")
    void theReducedExplorationGivesTheUnreducedCombinations(String worker, Supplier<Target> server) throws Exception {
        Target t = server.get();
        requireStack(worker, t);
        for (Isolation level : List.of(Isolation.READ_COMMITTED, Isolation.REPEATABLE_READ)) {
            Explorer.Options two = Explorer.Options.of(2, 20_000);
            WorkerCommand code = new WorkerCommand(WorkerCommand.defaultName(worker), worker);
            Exploration unreduced = new Explorer(t).explore(code, level, Settings.NONE, two.unreducedSearch());
            Exploration reduced = new Explorer(t).explore(code, level, Settings.NONE, two.pruned(true));
            assertThat(ReductionAgreesWithUnreducedTest.combinations(reduced)).as(level.key()).isEqualTo(ReductionAgreesWithUnreducedTest.combinations(unreduced))
                    .contains(List.of(Outcome.CREATED, Outcome.FOUND));
            assertThat(reduced.explored()).isLessThanOrEqualTo(unreduced.explored());
            assertThat(reduced.rules()).as("the ORM's own level statements are the exploration's level")
                    .noneMatch(r -> r.contains("another isolation level"));
        }
    }
}
