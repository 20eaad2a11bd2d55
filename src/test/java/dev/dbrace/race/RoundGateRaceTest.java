package dev.dbrace.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * stop() at any moment must end the run for every thread at the same round: no thread may be sent
 * home while another waits at the next barrier (which hung Ctrl-C once).
 */
class RoundGateRaceTest {

    @Test
    void stopAtRandomMomentsNeverStrandsAThread() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int iteration = 0; iteration < 2000; iteration++) {
                RoundGate gate = new RoundGate(threads, 0, Long.MAX_VALUE, Long.MAX_VALUE, 0, k -> { });
                AtomicLongArray rounds = new AtomicLongArray(threads);
                CountDownLatch done = new CountDownLatch(threads);
                for (int t = 0; t < threads; t++) {
                    int me = t;
                    pool.submit(() -> {
                        try {
                            while (gate.next() >= 0) {
                                rounds.incrementAndGet(me);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                long spin = ThreadLocalRandom.current().nextLong(20_000);
                for (long i = 0; i < spin; i++) {
                    Thread.onSpinWait();
                }
                gate.stop();
                assertThat(done.await(5, TimeUnit.SECONDS)).as("iteration " + iteration + ": every thread left").isTrue();
                for (int t = 1; t < threads; t++) {
                    assertThat(rounds.get(t)).as("every thread ran the same rounds").isEqualTo(rounds.get(0));
                }
                assertThat(gate.started()).isEqualTo(rounds.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
