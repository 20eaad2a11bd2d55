package dev.dbrace.explain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One run's schedule under PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and Nagarakatte,
 * ASPLOS 2010; as Fray and Coyote use it): each session gets a random priority from d to d+k−1, d−1 change points are
 * drawn among the run's n steps, and at each step the waiting session of highest priority goes; at the i-th change
 * point that session's priority drops to d−i first. Its guarantee: an outcome that needs d ordering constraints
 * between statements of k sessions is reached by one run with probability at least 1/(k·n^(d−1)).
 */
final class PctSchedule {

    private final int[] priority;
    private final List<Integer> changeAt;
    private final int depth;
    private int step;

    /**
     * @param sessions k
     * @param depth    d, at least 1
     * @param steps    n, the most steps a run has been seen to take
     */
    PctSchedule(int sessions, int depth, int steps, Random random) {
        this.depth = depth;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            order.add(depth + i);
        }
        Collections.shuffle(order, random);
        priority = order.stream().mapToInt(Integer::intValue).toArray();
        Set<Integer> points = new HashSet<>();
        int n = Math.max(steps, depth);
        while (points.size() < depth - 1) {
            points.add(1 + random.nextInt(n));
        }
        changeAt = new ArrayList<>(points);
        Collections.sort(changeAt);
    }

    /** The session to let go next, of {@code waiting} (indices). */
    int choose(List<Integer> waiting) {
        step++;
        int i = changeAt.indexOf(step);
        if (i >= 0) {
            priority[highest(waiting)] = depth - 1 - i;
        }
        return highest(waiting);
    }

    private int highest(List<Integer> waiting) {
        int best = waiting.get(0);
        for (int s : waiting) {
            if (priority[s] > priority[best]) {
                best = s;
            }
        }
        return best;
    }

    /** The chance that one run reaches a given outcome of depth {@code depth}: 1/(k·n^(d−1)). */
    static double perRun(int sessions, int depth, int steps) {
        return 1.0 / (sessions * Math.pow(Math.max(steps, depth), depth - 1));
    }
}
