package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every interleaving of the sessions' statements that {@link Explorer} ran, grouped by what the callers saw:
 * data first, rendered by {@link ExplorationFormat}.
 *
 * @param sessions   how many sessions raced (2 or 3)
 * @param firstAborts first-inserter-aborts: T1's caller rolled its transaction back where the strategy commits
 * @param explored   interleavings run
 * @param complete   every order was run and no run diverged: "all there are"; false when {@code --max-interleavings}
 *                   cut the search or a run diverged: there may be more, and other pairs
 * @param searched   the depth-first search tried every choice it met (true with {@code complete}; true without it
 *                   when runs diverged, so that choices past the divergence may never have been met)
 * @param pruned     orders that differ only in independent statements were merged ({@link Dependence}): each
 *                   interleaving counted stands for one or more orders, and the counts are of those representatives
 * @param unreduced  every statement was a stop and every order was run (nothing glued, nothing merged)
 * @param rules      the dependence relation the exploration glued and merged by, one rule a line
 * @param redundant  runs cut short because every order from their last step on was explored in another run
 * @param diverged   runs in which the server answered a replayed prefix differently (the model assumes it does not)
 * @param blockings  statements seen blocked on a lock (as the server's lock views said, or silent past the stall bound)
 * @param stalls     of those, statements taken as blocked only because they had not returned after
 *                   {@link Explorer#STALL_NANOS}: the server's lock views did not show them waiting
 * @param elapsedMs  how long the exploration took, schema and sessions included (not the server's start)
 * @param classes    the distinct classes of equivalent orders the runs fell in ({@link TraceClass})
 * @param sampling   how the runs past the depth-first search were sampled; null when none were
 * @param pairs      the distinct outcome pairs, most interleavings first
 */
public record Exploration(String database, String product, String version, String strategy, String isolation,
                          int sessions, boolean firstAborts, long explored, boolean complete, boolean searched, boolean pruned, boolean unreduced,
                          List<String> rules, long redundant, long diverged, long blockings, long stalls, long elapsedMs,
                          long classes, Sampling sampling, List<Pair> pairs) {

    /**
     * The depth-first search did not finish within half the budget; the rest of it went to PCT samples.
     *
     * @param depthFirst runs of the depth-first search (those cut short as redundant included)
     * @param samples    PCT runs
     * @param depth      PCT's d
     * @param steps      the most stops a run took (PCT's n)
     * @param perRun     the chance that one sample reaches a given outcome of depth d: 1/(k·n^(d−1))
     * @param seed       the samples' seed
     */
    public record Sampling(long depthFirst, long samples, int depth, int steps, double perRun, long seed) {

        /** The chance that every sample missed a given outcome of depth d: (1 − perRun)^samples. */
        public double missed() {
            return Math.pow(1 - perRun, samples);
        }
    }

    /**
     * One combination of outcomes: what T1, T2 (and T3) saw.
     *
     * @param witness the steps of the shortest interleaving that produced it
     */
    public record Pair(List<Outcome> outcomes, long interleavings, List<Step> witness) {

        public Outcome t1() {
            return outcomes.get(0);
        }

        public Outcome t2() {
            return outcomes.get(1);
        }

        /** "created/does_not_exist". */
        public String key() {
            return String.join("/", outcomes.stream().map(Outcome::key).toList());
        }
    }

    /** How far the exploration reaches, from which every report's header is worded. */
    public enum Extent {
        /** Every order was run (or stood for by a run), and the server answered every replay as before. */
        ALL,
        /** The depth-first search ran out of budget, and nothing was sampled. */
        CUT,
        /** The depth-first search ran out of half the budget; the rest went to PCT samples. */
        SAMPLED,
        /** The search tried every choice it met, but some runs diverged from their replayed prefix. */
        DIVERGED
    }

    public Extent extent() {
        if (complete) {
            return Extent.ALL;
        }
        if (sampling != null) {
            return Extent.SAMPLED;
        }
        return searched && diverged > 0 ? Extent.DIVERGED : Extent.CUT;
    }

    /** The outcomes some caller saw in some interleaving. */
    public Set<Outcome> outcomes() {
        Set<Outcome> s = EnumSet.noneOf(Outcome.class);
        pairs.forEach(p -> s.addAll(p.outcomes()));
        return s;
    }
}
