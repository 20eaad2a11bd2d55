package dev.dbrace.race;

import dev.dbrace.measure.Moment;
import dev.dbrace.verify.Ledger;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Free-running workers over a few hot keys, each call on a random key with a random state, for a
 * number of calls per worker or for a duration; with {@code --rate}, each worker keeps its own
 * fixed schedule. With a warm-up, every worker makes its warm-up calls, then waits for the others:
 * the measured part (and its duration, wall time and CPU time) starts when the last one is done.
 */
final class HotKeySchedule implements KeySchedule {

    private final RaceConfig cfg;
    private final AtomicInteger warming;
    private final CountDownLatch warm = new CountDownLatch(1);
    private final BooleanSupplier isStopped = () -> this.stopped;
    /** When every worker was ready, then when the last one finished its warm-up. */
    private volatile Moment start;
    private volatile boolean stopped;

    HotKeySchedule(RaceConfig cfg, Ground ground, Connection admin, Ledger ledger) throws Exception {
        this.cfg = cfg;
        this.warming = new AtomicInteger(cfg.threads());
        ground.ensureKeys(admin, cfg.hotKeys());
        ledger.ensureCapacity(cfg.hotKeys());
    }

    @Override
    public Cursor cursor(int worker) {
        return new Cursor() {
            private final long total = cfg.duration() != null ? Long.MAX_VALUE : cfg.warmup() + cfg.rounds();
            private long deadlineNanos;
            private long scheduleStart;
            private long call = -1;
            private long key;
            private boolean state;
            private long intended;

            @Override
            public boolean advance() throws InterruptedException {
                call++;
                if (call == 0) {
                    // a duration counts from the end of the warm-up: a warm-up cut short by it would leave
                    // the other workers waiting for this one
                    deadlineNanos = cfg.warmup() > 0 ? Long.MAX_VALUE : deadline();
                }
                if (call == cfg.warmup() && cfg.warmup() > 0) {
                    if (!awaitWarm()) {
                        return false;                       // stopped while waiting for the others' warm-up
                    }
                    deadlineNanos = deadline();             // from the end of every worker's warm-up
                }
                long now = System.nanoTime();
                if (call >= total || stopped || now - deadlineNanos >= 0) {
                    return false;
                }
                key = ThreadLocalRandom.current().nextInt(cfg.hotKeys());
                state = ThreadLocalRandom.current().nextBoolean();
                intended = now;
                long interval = cfg.intervalNanos();
                if (measured() && interval > 0) {
                    if (scheduleStart == 0) {
                        // workers start their schedules spread over one interval, not all at once
                        scheduleStart = now + interval * worker / cfg.threads();
                    }
                    intended = scheduleStart + (call - cfg.warmup()) * interval;
                    if (!RoundGate.waitUntil(intended, isStopped) || System.nanoTime() - deadlineNanos >= 0) {
                        return false;                       // stopped, or the slot lies past the deadline
                    }
                }
                return true;
            }

            @Override
            public long key() {
                return key;
            }

            @Override
            public boolean state() {
                return state;
            }

            @Override
            public long intendedStartNanos() {
                return intended;
            }

            @Override
            public boolean measured() {
                return call >= cfg.warmup();
            }
        };
    }

    @Override
    public void started() {
        start = Moment.now();
    }

    private long deadline() {
        return cfg.duration() == null ? Long.MAX_VALUE : start.nanos() + cfg.duration().toNanos();
    }

    /** This worker's warm-up is done: waits for the others'; false when the race was stopped meanwhile. */
    private boolean awaitWarm() throws InterruptedException {
        if (warming.decrementAndGet() == 0) {
            started();                      // the measured part starts now
            warm.countDown();
        }
        while (!warm.await(20, TimeUnit.MILLISECONDS)) {
            if (stopped) {
                return false;
            }
        }
        return !stopped;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public Moment measuredStart() {
        return start;
    }

    @Override
    public long keysUsed() {
        return cfg.hotKeys();
    }

    @Override
    public long rounds(WorkerStats merged) {
        return merged.maxCallsPerWorker;
    }

    @Override
    public Exception failure() {
        return null;
    }
}
