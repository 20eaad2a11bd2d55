package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Databases;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MariaDB's innodb_snapshot_isolation, replayed step by step (T1 reads, T2 inserts and commits, T1's
 * INSERT gets 1062, then T1's re-read) on the embedded MariaDB 11.4.5 and the 10.11 service — the
 * issue's table, row by row: a plain re-read misses the row either way; {@code FOR UPDATE} finds it with
 * the setting OFF and gets ERROR 1020 with it ON; {@code LOCK IN SHARE MODE} finds it either way, and
 * with ON the UPDATE after it gets 1020; an UPDATE of the key instead of a re-read updates 1 row with
 * OFF and gets 1020 with ON.
 */
class SnapshotIsolationReplayTest {

    static Stream<Named<Supplier<Target>>> mariadb() {
        return Databases.mysqlFamily();
    }

    private static Timeline replay(Target t, String strategy, String value) throws Exception {
        return new Replayer(t).replay(Strategies.byName(strategy), Isolation.REPEATABLE_READ, false, Scenario.READ_FIRST,
                Settings.sweep(List.of("innodb_snapshot_isolation=" + value)).get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mariadb")
    void theTableOfTheIssue(Supplier<Target> target) throws Exception {
        Target t = target.get();
        Timeline naiveOff = replay(t, "naive", "OFF");
        assertThat(naiveOff.settings()).containsEntry("innodb_snapshot_isolation", "OFF");
        assertThat(naiveOff.outcome1()).isEqualTo(Outcome.DOES_NOT_EXIST);
        assertThat(replay(t, "naive", "ON").outcome1()).isEqualTo(Outcome.DOES_NOT_EXIST);

        Timeline lockingOff = replay(t, "locking-reread", "OFF");
        assertThat(lockingOff.outcome1()).as(TimelineFormat.TEXT.render(lockingOff)).isEqualTo(Outcome.FOUND);
        Timeline lockingOn = replay(t, "locking-reread", "ON");
        assertThat(lockingOn.settings()).containsEntry("innodb_snapshot_isolation", "ON");
        assertThat(lockingOn.outcome1()).as(TimelineFormat.TEXT.render(lockingOn)).isEqualTo(Outcome.SERIALIZATION_FAILURE);
        assertThat(lockingOn.lastError(1)).contains("code 1020");
        assertThat(TimelineFormat.TEXT.render(lockingOn)).contains("with innodb_snapshot_isolation=ON")
                .contains("FOR UPDATE → ERROR 1020");

        // a shared-lock re-read gets the row either way; with the setting ON the UPDATE after it gets 1020
        assertThat(replay(t, "share-reread", "OFF").outcome1()).isEqualTo(Outcome.FOUND);
        Timeline shareOn = replay(t, "share-reread", "ON");
        assertThat(shareOn.outcome1()).as(TimelineFormat.TEXT.render(shareOn)).isEqualTo(Outcome.SERIALIZATION_FAILURE);
        assertThat(TimelineFormat.TEXT.render(shareOn)).contains("LOCK IN SHARE MODE → 1 row")
                .contains("UPDATE myobj SET state = ? WHERE id = ? → ERROR 1020");

        // an UPDATE of the key instead of a re-read: 1 row with the setting OFF, 1020 with it ON
        Timeline updateOff = replay(t, "update-by-key", "OFF");
        assertThat(updateOff.outcome1()).isEqualTo(Outcome.FOUND);
        assertThat(TimelineFormat.TEXT.render(updateOff)).contains("= ? → 1 row");
        Timeline updateOn = replay(t, "update-by-key", "ON");
        assertThat(updateOn.outcome1()).as(TimelineFormat.TEXT.render(updateOn)).isEqualTo(Outcome.SERIALIZATION_FAILURE);
        assertThat(updateOn.lastError(1)).contains("code 1020");
    }
}
