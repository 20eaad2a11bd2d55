package dev.dbrace.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.outcome.Outcome;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads recording into one ledger at once lose nothing. */
class LedgerRaceTest {

    @Test
    void concurrentRecordsAreAllKept() throws Exception {
        int threads = 8;
        int keys = 2_000;
        Ledger ledger = new Ledger();
        ledger.ensureCapacity(keys);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int me = t;
            pool.submit(() -> {
                try {
                    go.await();
                    for (int k = 0; k < keys; k++) {
                        Outcome o = me == k % threads ? Outcome.CREATED : Outcome.FOUND;
                        ledger.record(k, o, 1_000_000L + k, (me & 1) == 0, false);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        go.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        for (int k = 0; k < keys; k++) {
            assertThat(ledger.id(k)).isEqualTo(1_000_000L + k);
            assertThat(ledger.creates(k)).isEqualTo(1);
            assertThat(ledger.flags(k)).isEqualTo(Ledger.TOUCHED | Ledger.WROTE_TRUE | Ledger.WROTE_FALSE);
        }
        assertThat(ledger.conflictCount()).isZero();
    }

    @Test
    void growsForDurationRuns() {
        Ledger ledger = new Ledger();
        ledger.ensureCapacity(10);
        long first = ledger.capacity();
        ledger.ensureCapacity(first + 1);
        assertThat(ledger.capacity()).isGreaterThan(first);
        ledger.record(first, Outcome.CREATED, 7, true, false);
        assertThat(ledger.id(first)).isEqualTo(7);
    }
}
