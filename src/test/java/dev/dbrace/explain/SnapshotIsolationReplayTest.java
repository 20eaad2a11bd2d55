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
 * INSERT gets 1062, then T1's re-read) on the embedded MariaDB 11.4.5 and the 10.11 service: a plain
 * re-read misses the row either way; a locking re-read finds it with the setting OFF and gets ERROR 1020
 * with it ON.
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
    }
}
