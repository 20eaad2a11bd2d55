package dev.dbrace.explain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sleep sets (Godefroid's partial-order reduction) over one run of an exploration: after the explorer has tried
 * session A first at some point, a later run that lets B go first there puts A to sleep, and A stays asleep while
 * what runs is independent of A's parked statement ({@link Dependence}): letting A go in that stretch would only
 * give an order already explored. A session whose statement does not commute with what runs wakes up. A run in which
 * every session that could go sleeps is redundant: each order from there on was explored in another run.
 */
final class SleepSet {

    private final boolean on;
    private final Dependence rules;
    private final Set<Integer> asleep = new HashSet<>();

    /** @param on false: nothing ever sleeps, and every order is run */
    SleepSet(boolean on, Dependence rules) {
        this.on = on;
        this.rules = rules;
    }

    /** Of the sessions that could go next (by index, in order), those not asleep. */
    List<Integer> awake(List<Integer> enabled) {
        List<Integer> awake = new ArrayList<>(enabled);
        awake.removeAll(asleep);
        return awake;
    }

    /**
     * {@code awake.get(choice)} goes next: the sessions before it in {@code awake} went first here in earlier runs
     * and fall asleep; a sleeper whose statement does not commute with the chosen one wakes.
     */
    void chose(List<Integer> awake, int choice, Stepping[] sessions) {
        if (!on) {
            return;
        }
        Footprint going = sessions[awake.get(choice)].footprint();
        Set<Integer> candidates = new HashSet<>(asleep);
        candidates.addAll(awake.subList(0, choice));
        asleep.clear();
        for (int i : candidates) {
            if (!rules.dependent(sessions[i].footprint(), going)) {
                asleep.add(i);
            }
        }
    }
}
