package dev.dbrace.api;

import java.util.List;
import java.util.Map;

/**
 * What every interleaving of your code's statements gave, two or three sessions at a time on the real server
 * ({@link RaceTarget#explore}): per combination of outcomes (one per session, e.g. {@code [created, does_not_exist]}),
 * how many interleavings gave it.
 *
 * @param complete     every interleaving was explored (none left out by the bound)
 * @param sampled      the space was larger than the bound: past a depth-first part, orders were sampled (PCT), and
 *                     {@code text} states the samples' guarantee
 * @param combinations outcome keys per session → interleavings that gave them
 * @param text         the exploration as {@code dbrace explain --all} prints it, witnesses included
 */
public record Interleavings(boolean complete, boolean sampled, Map<List<String>, Long> combinations, String text) {

    /** True when some interleaving gave {@code outcome} (a key such as {@code session_unusable}) to some session. */
    public boolean reaches(String outcome) {
        return combinations.keySet().stream().anyMatch(c -> c.contains(outcome));
    }
}
