package dev.dbrace.race;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Tally;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which outcome each of one thread's measured calls had, by round (its key), for rates per round (the round,
 * not the call, is the unit: the calls of one round are correlated). Owned by one racing thread and only
 * appended to there, so the racing path takes no lock and shares nothing; the threads' tallies are joined
 * with {@link #addAll} once they have stopped.
 */
final class RoundTally {

    private static final Outcome[] OUTCOMES = Outcome.values();

    private long[] keys = new long[256];
    private byte[] outcomes = new byte[256];
    private int size;

    void record(long key, Outcome outcome) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            outcomes = Arrays.copyOf(outcomes, size * 2);
        }
        keys[size] = key;
        outcomes[size] = (byte) outcome.ordinal();
        size++;
    }

    void addAll(RoundTally other) {
        for (int i = 0; i < other.size; i++) {
            record(other.keys[i], OUTCOMES[other.outcomes[i]]);
        }
    }

    /** For each outcome, the rounds in which at least one call ended in it. */
    Tally<Outcome> roundsWith() {
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < size; i++) {
            seen.merge(keys[i], 1 << outcomes[i], (a, b) -> a | b);
        }
        Tally<Outcome> t = new Tally<>(Outcome.class);
        for (int mask : seen.values()) {
            for (Outcome o : OUTCOMES) {
                if ((mask & (1 << o.ordinal())) != 0) {
                    t.add(o);
                }
            }
        }
        return t;
    }
}
