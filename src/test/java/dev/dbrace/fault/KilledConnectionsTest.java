package dev.dbrace.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Target;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import dev.dbrace.race.StrategyResult;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Databases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connections killed from a side connection during a real race (KILL CONNECTION on MariaDB,
 * pg_terminate_backend on PostgreSQL): counted as connection_error, the pool recovers, the run
 * completes, and verification still runs and passes.
 */
class KilledConnectionsTest {

    static Stream<Named<Supplier<Target>>> targets() {
        return Stream.of(Named.of("MariaDB", Databases::embeddedMariaDb), Named.of("PostgreSQL", Databases::embeddedPostgres));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void raceSurvivesKilledConnections(Supplier<Target> target) throws Exception {
        Target t = target.get();
        boolean pg = t.dialect().name().equals("postgresql");
        AtomicBoolean racing = new AtomicBoolean(true);
        AtomicInteger killed = new AtomicInteger();
        RaceRunner runner = new RaceRunner(t);
        // The race runs until the killer has killed 12 connections and stops it: evidence, not time.
        Thread killer = new Thread(() -> {
            try (Connection c = t.connect(); Statement s = c.createStatement()) {
                // start once calls have completed, so the set-up work (tables, pool, the isolation read) is left alone
                while (racing.get() && runner.callsSoFar() == 0) {
                    Thread.sleep(5);
                }
                while (racing.get() && killed.get() < 12) {
                    List<Long> victims = new ArrayList<>();
                    // PostgreSQL: only connections inside a transaction (the workers'); MariaDB: any other
                    // connection to the race database, the set-up one included (verification uses a fresh one)
                    try (ResultSet rs = s.executeQuery(pg
                            ? "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() "
                                    + "AND state IN ('active', 'idle in transaction')"
                            : "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() "
                                    + "AND DB = DATABASE() AND COMMAND <> 'Daemon'")) {
                        while (rs.next()) {
                            victims.add(rs.getLong(1));
                        }
                    }
                    if (!victims.isEmpty()) {
                        long v = victims.get(killed.get() % victims.size());
                        try {
                            s.execute(pg ? "SELECT pg_terminate_backend(" + v + ")" : "KILL CONNECTION " + v);
                            killed.incrementAndGet();
                        } catch (SQLException gone) {
                            // it finished before we got to it
                        }
                    }
                    Thread.sleep(40);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                // stop killing before the race ends, so the verification's own connection is never a victim
                runner.cancel();
            }
        });
        killer.start();
        StrategyResult r;
        try {
            r = runner.run(Strategies.byName("upsert"), null,
                    RaceConfig.rounds(6, 1).withDuration(Duration.ofMinutes(10)));
        } finally {
            racing.set(false);
            killer.join();
        }
        assertThat(killed.get()).as("connections killed during the race").isEqualTo(12);
        assertThat(r.calls()).as("every round the race started was completed").isEqualTo(6 * r.counts().rounds());
        assertThat(r.outcomes().get(Outcome.CONNECTION_ERROR)).isPositive();
        assertThat(r.counts().dbErrors().get(DbError.CONNECTION)).isGreaterThanOrEqualTo(r.outcomes().get(Outcome.CONNECTION_ERROR));
        // A killed connection whose INSERT was first on a fresh key rolls back; on InnoDB the others waiting on that
        // key hold shared locks on it and both want it exclusively, so one deadlocks: the first-inserter-aborts shape
        // (ExplorerTest), a true outcome of killing, not a fault of the harness. PostgreSQL's waiters queue instead.
        long deadlocks = pg ? 0 : r.outcomes().get(Outcome.DEADLOCK);
        assertThat(r.counts().errors().at("INSERT", DbError.DEADLOCK)).as("every deadlock is a waiter's, at its INSERT")
                .isEqualTo(r.counts().errors().kinds().get(DbError.DEADLOCK)).isGreaterThanOrEqualTo(deadlocks);
        assertThat(r.outcomes().get(Outcome.CREATED) + r.outcomes().get(Outcome.FOUND)
                + r.outcomes().get(Outcome.CONNECTION_ERROR) + deadlocks)
                .as("nothing else went wrong: " + r.counts().samples()).isEqualTo(r.calls());
        assertThat(r.verification().passed()).as(r.verification().problems().toString()).isTrue();
    }
}
