package dev.dbrace.race;

import dev.dbrace.outcome.Steps;
import dev.dbrace.strategy.Tracer;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The second barrier of an aimed race: inside each call, at the {@link AlignAt step}, a round's threads
 * wait until every one of them has either reached the step or ended its call without reaching it. A
 * thread held by a lock before the step cannot arrive; so that it does not stall the others, the barrier
 * also opens after {@link #BOUND_NANOS}. A call counts as aligned when it passed the step with its whole
 * round, and as unaligned when the bound opened the barrier or it never reached the step.
 * {@link #NONE} is the free race.
 */
final class Aligner {

    /** How long the barrier waits for the threads it has not seen yet: a bound on the stall, not a measurement. */
    static final long BOUND_NANOS = 50_000_000L;

    static final Aligner NONE = new Aligner(AlignAt.FREE, 1);

    private final AlignAt at;
    private final int parties;
    private final AtomicLong aligned = new AtomicLong();
    private final AtomicLong unaligned = new AtomicLong();
    private Round round;

    /** One round's count at the barrier. */
    private static final class Round {
        final long key;
        int arrived;
        int left;
        boolean open;
        boolean timedOut;

        Round(long key) {
            this.key = key;
        }
    }

    Aligner(AlignAt at, int parties) {
        this.at = at;
        this.parties = parties;
    }

    AlignAt at() {
        return at;
    }

    long aligned() {
        return aligned.get();
    }

    long unaligned() {
        return unaligned.get();
    }

    /** One call's way through the barrier: the tracer its session runs with, and its end. */
    interface Passage {
        Tracer tracer();

        /** The call ended: counts it, and lets the round go on without it if it never reached the step. */
        void end();
    }

    /** The free race's passage: no tracer, nothing counted. */
    private static final Passage FREE_PASSAGE = new Passage() {
        @Override
        public Tracer tracer() {
            return Tracer.NONE;
        }

        @Override
        public void end() {
        }
    };

    /** The passage of one caller's call on {@code key}. */
    Passage call(long key) {
        return this == NONE ? FREE_PASSAGE : new Call(key);
    }

    private synchronized Round round(long key) {
        if (round == null || round.key != key) {
            round = new Round(key);     // rounds are barrier-separated: a new key is a new round
        }
        return round;
    }

    /** Waits at the barrier; true when the whole round got here (or ended its calls) before the bound. */
    private synchronized boolean arrive(long key) throws InterruptedException {
        Round r = round(key);
        r.arrived++;
        openIfAll(r);
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (!r.open) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                r.timedOut = true;
                r.open = true;
                notifyAll();
                break;
            }
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        return !r.timedOut;
    }

    /** A call of this round ended without reaching the step: the others need not wait for it. */
    private synchronized void leave(long key) {
        Round r = round(key);
        r.left++;
        openIfAll(r);
    }

    private void openIfAll(Round r) {
        if (!r.open && r.arrived + r.left >= parties) {
            r.open = true;
            notifyAll();
        }
    }

    /** One call's passage: a {@link Tracer} that stops at the step once, and the call's end. */
    private final class Call implements Tracer, Passage {
        private final long key;
        private boolean first = true;
        private boolean passed;
        private boolean wasAligned;

        private Call(long key) {
            this.key = key;
        }

        @Override
        public void before(String sql) {
            boolean step = at == AlignAt.BEFORE_INSERT && Steps.of(sql).equals("INSERT")
                    || at == AlignAt.BEFORE_COMMIT && Steps.of(sql).equals("COMMIT");
            if (step) {
                pass();
            }
        }

        @Override
        public void after(String sql, String result) {
            firstDone();
        }

        @Override
        public void failed(String sql, SQLException e) {
            first = false;      // the first statement failed: the call ends without reaching the step
        }

        private void firstDone() {
            if (first) {
                first = false;
                if (at == AlignAt.AFTER_FIRST_STATEMENT) {
                    pass();
                }
            }
        }

        private void pass() {
            if (passed) {
                return;
            }
            passed = true;
            try {
                wasAligned = arrive(key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Tracer tracer() {
            return this;
        }

        @Override
        public void end() {
            if (!passed) {
                leave(key);
            }
            (passed && wasAligned ? aligned : unaligned).incrementAndGet();
        }
    }
}
