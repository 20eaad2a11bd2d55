package dev.dbrace.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.verify.HistoryCheck.Call;
import dev.dbrace.verify.HistoryCheck.Kind;
import dev.dbrace.verify.HistoryCheck.Result;
import dev.dbrace.verify.HistoryCheck.Window;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The history checker on hand-made histories: a fault at t = 100, the failover over at t = 200, the final table as the
 * new primary holds it.
 */
class HistoryCheckTest {

    private static final long FAULT = 100;
    private static final long HEALED = 200;

    private static Call call(String key, long end, Outcome o, long id) {
        return new Call(key, "node1", end - 5, end, o, id, false);
    }

    @Test
    void aHistoryWhoseRowsAreAllThereIsClean() {
        Result r = HistoryCheck.check(List.of(call("a", 50, Outcome.CREATED, 1), call("a", 60, Outcome.FOUND, 1),
                call("b", 250, Outcome.CREATED, 2), call("b", 260, Outcome.DOES_NOT_EXIST, 0)),
                Map.of("a", Set.of(1L), "b", Set.of(2L)), FAULT, HEALED);
        assertThat(r.clean()).isTrue();
        assertThat(r.findings()).isEmpty();
    }

    /** "created, id 41" before the fault, row 41 gone on the new primary, and the key created again as 97. */
    @Test
    void anAcknowledgedCreateLostAndTheKeyCreatedAgain() {
        Result r = HistoryCheck.check(List.of(call("k", 90, Outcome.CREATED, 41), call("k", 95, Outcome.FOUND, 41),
                call("k", 230, Outcome.CREATED, 97)), Map.of("k", Set.of(97L)), FAULT, HEALED);
        assertThat(r.clean()).isFalse();
        assertThat(r.counts().get(Kind.LOST_CREATE)).containsEntry(Window.BEFORE, 1L).containsEntry(Window.AFTER, 0L);
        assertThat(r.counts().get(Kind.FOUND_GONE)).containsEntry(Window.BEFORE, 1L);
        assertThat(r.counts().get(Kind.CREATED_TWICE)).containsEntry(Window.AFTER, 1L);
        HistoryCheck.Finding twice = r.findings().stream().filter(f -> f.kind() == Kind.CREATED_TWICE).findFirst()
                .orElseThrow();
        assertThat(twice.calls()).extracting(Call::id).containsExactly(41L, 97L);
    }

    /** A call whose connection died at COMMIT is unknown: neither lost nor safe, whether or not its row is there. */
    @Test
    void aCallInDoubtIsCountedApart() {
        Call inDoubt = new Call("u", "node2", 140, 150, Outcome.CONNECTION_ERROR, 0, true);
        Result r = HistoryCheck.check(List.of(inDoubt, call("u", 260, Outcome.CREATED, 7)), Map.of("u", Set.of(7L)),
                FAULT, HEALED);
        assertThat(r.count(Kind.UNKNOWN)).isEqualTo(1);
        assertThat(r.counts().get(Kind.UNKNOWN)).containsEntry(Window.DURING, 1L);
        assertThat(r.clean()).as("an unknown call is not a loss").isTrue();
    }

    /** Every acknowledged id is either in the table or reported lost: the checker's counts agree with the table. */
    @Test
    void everyAcknowledgedIdIsPresentOrReportedLost() {
        List<Call> history = List.of(call("a", 10, Outcome.CREATED, 1), call("b", 110, Outcome.CREATED, 2),
                call("c", 150, Outcome.CREATED, 3), call("d", 210, Outcome.CREATED, 4));
        Map<String, Set<Long>> table = HistoryCheck.table(List.of(Map.entry("a", 1L), Map.entry("d", 4L)));
        Result r = HistoryCheck.check(history, table, FAULT, HEALED);
        assertThat(r.count(Kind.LOST_CREATE)).isEqualTo(2);
        assertThat(r.counts().get(Kind.LOST_CREATE)).containsEntry(Window.DURING, 2L);
        for (Call c : history) {
            boolean present = table.getOrDefault(c.key(), Set.of()).contains(c.id());
            boolean reported = r.findings().stream().anyMatch(f -> f.kind() == Kind.LOST_CREATE && f.calls().contains(c));
            assertThat(present ^ reported).as(c.toString()).isTrue();
        }
    }
}
