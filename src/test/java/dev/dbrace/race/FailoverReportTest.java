package dev.dbrace.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.fault.FaultPlan;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.verify.HistoryCheck;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The failover part of a result, from hand-made histories: a pure function of the history and the table. */
class FailoverReportTest {

    private static final long S = 1_000_000_000L;
    private static final FaultPlan PLAN = FaultPlan.parse("kill-primary@calls:2", "1calls", null);

    private static HistoryCheck.Call call(String key, long start, long end, Outcome o, long id, boolean inDoubt) {
        return new HistoryCheck.Call(key, "haproxy", start, end, o, id, inDoubt);
    }

    private static final List<HistoryCheck.Call> HISTORY = List.of(
            call("1", 0, S / 2, Outcome.CREATED, 11, false),           // before: its row is there
            call("2", S, 2 * S + 1, Outcome.CREATED, 12, false),       // ends after the strike began: during; lost
            call("3", S, 2 * S + 2, Outcome.CONNECTION_ERROR, 0, true), // in doubt
            call("4", 3 * S, 4 * S, Outcome.CREATED, 14, false));      // begun after the strike: the failover's end

    @Test
    void windowsCountsAndSecondsComeFromTheHistoryAndTheTable() {
        StrategyResult.Failover f = FailoverReport.of(PLAN, "node1", null, false, HISTORY,
                Map.of("1", Set.of(11L), "4", Set.of(14L)), 0, 2 * S, 4 * S);
        assertThat(f.struckMs()).isEqualTo(2000);
        assertThat(f.healedMs()).isEqualTo(4000);
        assertThat(f.count("lost_create")).isEqualTo(1);
        assertThat(f.counts().get("lost_create")).containsEntry("during", 1L);
        assertThat(f.count("unknown")).isEqualTo(1);
        assertThat(f.calls()).containsEntry("before", 1L).containsEntry("during", 3L).containsEntry("after", 0L);
        assertThat(f.findings()).singleElement().asString().startsWith("lost_create: key #2 (during); told created id 12");
        assertThat(f.timeline()).extracting(StrategyResult.Second::ok).containsExactly(1L, 0L, 1L, 0L, 1L);
        assertThat(f.timeline()).extracting(StrategyResult.Second::failed).containsExactly(0L, 0L, 1L, 0L, 0L);
        assertThat(f.note()).isEmpty();
        assertThat(FailoverReport.problems(f)).isEqualTo(1);
    }

    @Test
    void aTableThatCouldNotBeReadChecksNothingAndSaysSo() {
        StrategyResult.Failover f = FailoverReport.of(PLAN, "node1", null, false, HISTORY, null, 0, 2 * S, 4 * S);
        assertThat(f.counts()).isEmpty();
        assertThat(FailoverReport.problems(f)).isZero();
        assertThat(f.note()).isEqualTo("the final table could not be read, so the history was not checked");
    }

    @Test
    void aStrikeThatNeverCameOrAFailoverThatNeverEndedIsSaid() {
        StrategyResult.Failover none = FailoverReport.of(PLAN, null, null, false, HISTORY, Map.of(), 0, Long.MAX_VALUE, 0);
        assertThat(none.struck()).isFalse();
        assertThat(none.note()).contains("the race ended before the fault was due");
        assertThat(none.calls()).containsEntry("before", 4L);
        StrategyResult.Failover stuck = FailoverReport.of(PLAN, "node1", null, true, HISTORY, Map.of(), 0, 2 * S, 0);
        assertThat(stuck.healedMs()).isEqualTo(-1);
        assertThat(stuck.note()).contains("did not fail over in time");
        StrategyResult.Failover failed = FailoverReport.of(PLAN, null, "kill-primary could not strike: no primary", false,
                HISTORY, Map.of(), 0, Long.MAX_VALUE, 0);
        assertThat(failed.note()).isEqualTo("kill-primary could not strike: no primary");
    }
}
