package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import java.util.List;

/**
 * Every interleaving of two sessions' statements that {@link Explorer} ran, grouped by what the two callers
 * saw: data first, rendered by {@link ExplorationFormat}.
 *
 * @param explored   interleavings run
 * @param complete   false when {@code --max-interleavings} cut the exploration: there may be more, and other pairs
 * @param diverged   runs in which the server answered a replayed prefix differently (the model assumes it does not)
 * @param blockings  statements seen blocked on a lock (as the server's lock views said, or silent past the stall bound)
 * @param pairs      the distinct outcome pairs, most interleavings first
 */
public record Exploration(String database, String product, String version, String strategy, String isolation,
                          long explored, boolean complete, long diverged, long blockings, List<Pair> pairs) {

    /**
     * One outcome pair.
     *
     * @param witness the steps of the shortest interleaving that produced it
     */
    public record Pair(Outcome t1, Outcome t2, long interleavings, List<Step> witness) {
    }

    /** The outcomes either caller saw in some interleaving. */
    public java.util.Set<Outcome> outcomes() {
        java.util.Set<Outcome> s = java.util.EnumSet.noneOf(Outcome.class);
        pairs.forEach(p -> {
            s.add(p.t1());
            s.add(p.t2());
        });
        return s;
    }
}
