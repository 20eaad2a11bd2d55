package dev.dbrace.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.strategy.Strategies;
import dev.dbrace.support.Databases;
import dev.dbrace.db.Target;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Warm-up rounds are raced but not counted; at a fixed rate, latency is measured from each call's
 * intended start, so a stall shows in every call scheduled during it (no coordinated omission),
 * while a closed-loop run hides it in a single round.
 */
class PacingTest {

    @Test
    void warmupRoundsAreRacedButNotCounted() throws Exception {
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(Strategies.byName("upsert"), null,
                RaceConfig.rounds(3, 30).withWarmup(20));
        assertThat(r.counts().rounds()).isEqualTo(30);
        assertThat(r.calls()).isEqualTo(90);
        assertThat(r.latency().all().getTotalCount()).isEqualTo(90);
        assertThat(r.verification().rows()).as("warm-up rows are verified too").isEqualTo(50);
        assertThat(r.verification().passed()).isTrue();
    }

    @Test
    void fixedRateKeepsToItsSchedule() throws Exception {
        // 2 threads at 100 calls/s: a round every 20 ms, so 25 rounds cannot take less than 480 ms
        StrategyResult r = new RaceRunner(Databases.embeddedMariaDb()).run(Strategies.byName("upsert"), null,
                RaceConfig.rounds(2, 25).withRate(100));
        assertThat(r.timing().wallNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(480).toNanos());
        assertThat(r.calls()).isEqualTo(50);
    }

    @Test
    void aStallShowsInTheTailOnlyWhenPaced() throws Exception {
        long paced = slowCallsDuringStall(400);
        long closedLoop = slowCallsDuringStall(0);
        assertThat(closedLoop).as("closed loop: only the round caught in the stall is slow").isLessThanOrEqualTo(4);
        assertThat(paced).as("fixed rate: every call scheduled during the stall is late").isGreaterThanOrEqualTo(10);
    }

    /**
     * Races while a side transaction locks every parent row for 1.5 s; returns the calls slower than
     * 1 s. The stall starts once calls have completed (evidence, not a sleep), and is long enough that
     * no scheduling hiccup of a busy machine makes a closed-loop call that slow.
     */
    private static long slowCallsDuringStall(double rate) throws Exception {
        Target t = Databases.embeddedMariaDb();
        RaceRunner runner = new RaceRunner(t);
        StrategyResult[] result = new StrategyResult[1];
        Thread race = new Thread(() -> {
            try {
                result[0] = runner.run(Strategies.byName("upsert"), null,
                        RaceConfig.rounds(2, 1).withDuration(Duration.ofSeconds(6)).withRate(rate));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        race.start();
        while (runner.callsSoFar() < 10) {
            assertThat(race.isAlive()).as("the race ended before making 10 calls").isTrue();
            Thread.sleep(5);
        }
        try (Connection c = t.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeQuery("SELECT id FROM dbrace_thing FOR UPDATE").close();
            Thread.sleep(1500);
            c.commit();
        }
        race.join();
        Histogram h = result[0].latency().all();
        return h.getCountBetweenValues(1_000_000, Math.max(1_000_000, h.getMaxValue()));
    }
}
