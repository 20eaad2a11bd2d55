package dev.dbrace.race;

import dev.dbrace.strategy.Tracer;
import java.sql.SQLException;

/**
 * The second barrier of an aimed race: inside each call, at the {@link AlignAt step}, a round's threads
 * wait until every one of them has either reached the step or ended its call without reaching it. A
 * thread held by a lock before the step cannot arrive; so that it does not stall the others, the barrier
 * also opens after {@link #BOUND_NANOS}. A call counts as aligned when it passed the step with its whole
 * round, and as unaligned when the bound opened the barrier or it never reached the step.
 * {@link #NONE} is the free race.
 */
public final class Aligner {

    /** How long the barrier waits for the threads it has not seen yet: a bound on the stall, not a measurement. */
    static final long BOUND_NANOS = 50_000_000L;

    public static final Aligner NONE = new Aligner(AlignAt.FREE, 1);

    private final AlignAt at;
    /** The first word of the statement the step is before ({@code INSERT}, {@code COMMIT}); null after the first statement. */
    private final String stepWord;
    private final int parties;
    /** Counted under this barrier's monitor, which every aimed call takes anyway: no shared counter of the harness's own. */
    private long aligned;
    private long unaligned;
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
        this.stepWord = at == AlignAt.BEFORE_INSERT ? "INSERT" : at == AlignAt.BEFORE_COMMIT ? "COMMIT" : null;
        this.parties = parties;
    }

    synchronized long aligned() {
        return aligned;
    }

    synchronized long unaligned() {
        return unaligned;
    }

    /**
     * One caller's way through the barrier, reused call after call: the tracer its session runs with. A worker's
     * passage is driven from two threads, the caller's ({@link #start}, {@link #end}) and its gate's (the tracer),
     * one after the other.
     */
    public interface Passage {
        /** A call on {@code key} begins. */
        void start(long key);

        Tracer tracer();

        /** The call ended: lets the round go on without it if it never reached the step. */
        void end();
    }

    /** The free race's passage: no tracer, nothing counted. */
    private static final Passage FREE_PASSAGE = new Passage() {
        @Override
        public void start(long key) {
        }

        @Override
        public Tracer tracer() {
            return Tracer.NONE;
        }

        @Override
        public void end() {
        }
    };

    /** A passage for one caller (one racing thread). */
    public Passage passage() {
        return at == AlignAt.FREE ? FREE_PASSAGE : new Call();
    }

    private Round round(long key) {
        if (round == null || round.key != key) {
            round = new Round(key);     // rounds are barrier-separated: a new key is a new round
        }
        return round;
    }

    /**
     * Waits at the barrier and counts the call: aligned when the whole round got here (or ended its calls) before
     * the bound. Returns whether it was.
     */
    private synchronized boolean arrive(long key) throws InterruptedException {
        Round r = round(key);
        r.arrived++;
        openIfAll(r);
        long deadline = System.nanoTime() + BOUND_NANOS;
        try {
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
        } catch (InterruptedException e) {
            unaligned++;
            throw e;
        }
        if (r.timedOut) {
            unaligned++;
        } else {
            aligned++;
        }
        return !r.timedOut;
    }

    /** A call of this round ended without reaching the step: the others need not wait for it. */
    private synchronized void leave(long key) {
        Round r = round(key);
        r.left++;
        unaligned++;
        openIfAll(r);
    }

    private void openIfAll(Round r) {
        if (!r.open && r.arrived + r.left >= parties) {
            r.open = true;
            notifyAll();
        }
    }

    /** A caller's passage: a {@link Tracer} that stops at the step once per call, and the call's end. */
    private final class Call implements Tracer, Passage {
        // volatile: a worker's gate thread runs the tracer between the caller thread's start and end
        private volatile long key;
        private volatile boolean first;
        private volatile boolean passed;

        @Override
        public void start(long key) {
            this.key = key;
            first = true;
            passed = false;
        }

        @Override
        public void before(String sql) {
            if (stepWord != null && sql.regionMatches(true, 0, stepWord, 0, stepWord.length())) {
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
                arrive(key);
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
        }
    }
}
