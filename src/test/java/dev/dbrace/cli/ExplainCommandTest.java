package dev.dbrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Target;
import dev.dbrace.explain.Replayer;
import dev.dbrace.explain.Timeline;
import dev.dbrace.explain.TimelineFormat;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.support.Cli;
import dev.dbrace.support.Databases;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dbrace explain} prints what the database did: its JSON timeline is held against a direct
 * replay of the same interleaving (the server's own answers), and its text against the JSON.
 */
class ExplainCommandTest {

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Named<Supplier<Target>> db : List.of(Named.<Supplier<Target>>of("MariaDB", Databases::embeddedMariaDb),
                Named.<Supplier<Target>>of("PostgreSQL", Databases::embeddedPostgres))) {
            for (Strategy s : Strategies.all()) {
                for (String level : List.of("repeatable-read", "read-committed")) {
                    list.add(Arguments.of(db, s.name(), level));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}: {1} at {2}")
    @MethodSource("cases")
    void explainMatchesTheServer(Supplier<Target> db, String strategy, String level) throws Exception {
        Target t = db.get();
        Strategy s = Strategies.byName(strategy);
        Timeline direct = new Replayer(t).replay(s, Isolation.parse(level), false, Replayer.scenarioFor(s, false));
        Cli r = Cli.run("explain", "--strategy", strategy, "--isolation", level, "--url", t.jdbcUrl(),
                "--user", t.user(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("t1").get("outcome").asText()).isEqualTo(direct.outcome1().key());
        assertThat(j.get("t2").get("outcome").asText()).isEqualTo(direct.outcome2().key());
        assertThat(j.get("isolation").asText()).isEqualTo(s.isolation() != null ? s.isolation().key() : level);
        List<String> errors = new ArrayList<>();
        j.get("steps").forEach(st -> {
            if (st.has("error")) {
                errors.add(st.get("error").asText());
            }
        });
        List<String> directErrors = direct.steps().stream().filter(st -> st.error() != null).map(st -> st.error()).toList();
        assertThat(errors).as("the same server errors, in order").isEqualTo(directErrors);
        assertThat(j.get("conclusion").asText()).isEqualTo(direct.conclusion());

        Cli text = Cli.run("explain", "--strategy", strategy, "--isolation", level, "--url", t.jdbcUrl(),
                "--user", t.user());
        assertThat(text.out()).contains("T1: " + direct.outcome1().key()).contains("T2: " + direct.outcome2().key());
        for (String e : directErrors) {
            assertThat(text.out()).contains("ERROR " + TimelineFormat.compact(e));
        }
        assertThat(text.out().lines().filter(l -> l.contains(" | ")).count()).as("two columns").isGreaterThan(3);
    }

    @Test
    void blockingIsReportedNotHung() {
        Target t = Databases.embeddedMariaDb();
        Cli r = Cli.run("explain", "--strategy", "commit-then-get", "--url", t.jdbcUrl(), "--format", "markdown");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("| ms | T1 | T2 |").contains("blocks: waits for a lock held by T2")
                .contains("T1 waited for a lock held by T2");
    }

    @Test
    void badArguments() {
        assertThat(Cli.run("explain", "--strategy", "nope").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("explain", "--strategy", "naive", "--format", "pdf").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("explain", "--strategy", "naive", "--scenario", "sideways").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(Cli.run("explain").exit()).isEqualTo(ExitCode.USAGE);
    }
}
