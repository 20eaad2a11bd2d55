package dev.dbrace.race;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Tally;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which outcomes each measured round saw, for rates per round (the round, not the call, is the unit:
 * the calls of one round are correlated). Written by the racing threads, read once they have stopped.
 * {@link #NONE} for hot-key mode, which has no rounds.
 */
class RoundTally {

    static final RoundTally NONE = new RoundTally() {
        @Override
        void record(long key, Outcome outcome) {
        }
    };

    /** Per round (its key), a bit per outcome seen. */
    private final ConcurrentHashMap<Long, AtomicInteger> seen = new ConcurrentHashMap<>();

    void record(long key, Outcome outcome) {
        seen.computeIfAbsent(key, k -> new AtomicInteger()).getAndAccumulate(1 << outcome.ordinal(), (a, b) -> a | b);
    }

    /** For each outcome, the rounds in which at least one call ended in it. */
    Tally<Outcome> roundsWith() {
        Tally<Outcome> t = new Tally<>(Outcome.class);
        for (AtomicInteger mask : seen.values()) {
            int m = mask.get();
            for (Outcome o : Outcome.values()) {
                if ((m & (1 << o.ordinal())) != 0) {
                    t.add(o);
                }
            }
        }
        return t;
    }
}
