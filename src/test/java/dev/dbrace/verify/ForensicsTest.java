package dev.dbrace.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Target;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.report.JsonFormat;
import dev.dbrace.report.RunReport;
import dev.dbrace.report.SummaryReader;
import dev.dbrace.report.TextFormat;
import dev.dbrace.strategy.CallResult;
import dev.dbrace.strategy.CallTrace;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import dev.dbrace.support.Databases;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When verification fails on creates, the report says which story the evidence supports and shows the
 * creators' own statements. Two deliberately wrong strategies make each story happen on real servers: one
 * swallows the end of its transaction (a ROLLBACK it does not tell its caller about), one removes its row after
 * its COMMIT answered OK.
 */
class ForensicsTest {

    static Stream<Named<Supplier<Target>>> servers() {
        return Stream.concat(Databases.mysqlFamily(), Databases.postgres());
    }

    /** INSERT, then a ROLLBACK it keeps to itself, then UPDATE and COMMIT, and "created". */
    static final class SwallowsItsRollback implements Strategy {
        @Override
        public String name() {
            return "swallows-its-rollback";
        }

        @Override
        public String summary() {
            return "a caller whose transaction ended without telling it";
        }

        @Override
        public CallResult call(Session s, Key key, boolean state) throws SQLException {
            long id = s.insert(key, state);
            s.rollback();
            return s.saveAndCommit(CallResult.created(id), state);
        }
    }

    /** A create that commits, then deletes its row in a second transaction: a write lost after COMMIT, as seen. */
    static final class LosesItsRowAfterCommit implements Strategy {
        @Override
        public String name() {
            return "loses-its-row-after-commit";
        }

        @Override
        public String summary() {
            return "a committed row that goes away";
        }

        @Override
        public CallResult call(Session s, Key key, boolean state) throws SQLException {
            long id = s.insert(key, state);
            CallResult got = s.saveAndCommit(CallResult.created(id), state);
            s.execute("DELETE FROM " + s.table() + " WHERE id = ?", ps -> ps.setLong(1, id));
            s.commit();
            return got;
        }
    }

    private static RunReport report(StrategyResult r) {
        return new RunReport("test", Instant.now(), Map.of(), List.of(), List.of(r), List.of(), false);
    }

    private static Diagnosis only(StrategyResult r) {
        assertThat(r.verification().passed()).isFalse();
        assertThat(r.verification().diagnoses()).as(r.verification().problems().toString()).hasSize(1);
        return r.verification().diagnoses().get(0);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aCreatorWhoseTransactionEndedBeforeCommitIsTheClientsStory(Supplier<Target> server) throws Exception {
        Target t = server.get();
        StrategyResult r = new RaceRunner(t).run(new SwallowsItsRollback(), null, RaceConfig.rounds(1, 1));
        Diagnosis d = only(r);
        assertThat(d.story()).isEqualTo(Diagnosis.Story.ROLLED_BACK_BEFORE_COMMIT);
        Diagnosis.Creator c = d.creators().get(0);
        assertThat(c.rowOn()).containsOnlyKeys(t.label()).containsValue(false);
        assertThat(c.session()).isPositive();
        assertThat(c.statements()).extracting(CallTrace.TracedStatement::toString).satisfiesExactly(
                s -> assertThat(s).startsWith("INSERT").contains("inserted id " + c.id()),
                s -> assertThat(s).isEqualTo("ROLLBACK → ok"),
                s -> assertThat(s).startsWith("UPDATE").endsWith("→ 0 rows matched"),
                s -> assertThat(s).isEqualTo("COMMIT → ok"));
        StringWriter text = new StringWriter();
        new TextFormat(true).write(report(r), text);
        String report = text.toString();
        assertThat(report).contains("? key #0: 1 creators; the evidence supports: client side")
                .contains("?     UPDATE").contains("0 rows matched");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aCreatorWhoseOwnStatementsFoundItsRowUpToCommitIsTheServersStory(Supplier<Target> server) throws Exception {
        Target t = server.get();
        StrategyResult r = new RaceRunner(t).run(new LosesItsRowAfterCommit(), null, RaceConfig.rounds(1, 1));
        Diagnosis d = only(r);
        assertThat(d.story()).isEqualTo(Diagnosis.Story.LOST_AFTER_COMMIT);
        assertThat(d.creators().get(0).statements()).extracting(CallTrace.TracedStatement::toString)
                .anySatisfy(s -> assertThat(s).startsWith("UPDATE").endsWith("→ 1 row matched"));
    }

    @Test
    void theDiagnosisSurvivesTheSummaryFile(@TempDir Path dir) throws Exception {
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb())
                .run(new SwallowsItsRollback(), null, RaceConfig.rounds(1, 1));
        Path file = dir.resolve("summary.json");
        try (Writer w = Files.newBufferedWriter(file)) {
            new JsonFormat().write(report(r), w);
        }
        StrategyResult read = SummaryReader.read(file).results().get(0);
        assertThat(read.verification().diagnoses()).isEqualTo(r.verification().diagnoses());
    }

    @Test
    void theStoryIsAPureFunctionOfTheEvidence() {
        var insert = new CallTrace.TracedStatement("INSERT INTO t …", "inserted id 7", false);
        var gone = new CallTrace.TracedStatement("UPDATE t SET state = ? WHERE id = ?", CallTrace.matched(0), false);
        var found = new CallTrace.TracedStatement("UPDATE t SET state = ? WHERE id = ?", CallTrace.matched(1), false);
        var commit = new CallTrace.TracedStatement("COMMIT", "ok", false);
        Map<String, Boolean> nowhere = Map.of("n1", false, "n2", false);
        Map<String, Boolean> everywhere = Map.of("n1", true, "n2", true);
        Diagnosis.Creator held = new Diagnosis.Creator("n1", 1, 9, everywhere, List.of(insert, found, commit));
        assertThat(Diagnosis.Story.judge(List.of(held, new Diagnosis.Creator("n2", 2, 7, nowhere, List.of(insert, gone, commit)))))
                .isEqualTo(Diagnosis.Story.ROLLED_BACK_BEFORE_COMMIT);
        assertThat(Diagnosis.Story.judge(List.of(held, new Diagnosis.Creator("n2", 2, 7, nowhere, List.of(insert, found, commit)))))
                .isEqualTo(Diagnosis.Story.LOST_AFTER_COMMIT);
        assertThat(Diagnosis.Story.judge(List.of(held, new Diagnosis.Creator("n2", 2, 7, Map.of("n1", true, "n2", false),
                List.of(insert, found, commit))))).isEqualTo(Diagnosis.Story.NODES_DISAGREE);
        assertThat(Diagnosis.Story.judge(List.of(held, new Diagnosis.Creator("n2", 2, 7, nowhere, List.of()))))
                .isEqualTo(Diagnosis.Story.NO_TRACE);
        assertThat(Diagnosis.Story.judge(List.of(held))).isEqualTo(Diagnosis.Story.UNDETERMINED);
    }
}
