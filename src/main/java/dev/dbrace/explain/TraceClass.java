package dev.dbrace.explain;

import java.util.List;

/**
 * The class of equivalent orders a run belongs to: two runs whose stops differ only in the order of independent
 * statements ({@link Dependence}) are one class. Its key is the run's Foata normal form: each stop's level is one more
 * than the highest level of the stops before it that it depends on (its own session's among them), which is the same
 * for every order of one class.
 */
final class TraceClass {

    /** One stop as the explorer let it go: whose, what (its shape), and its footprint. */
    record Grant(int session, String shape, Footprint footprint) {
    }

    private TraceClass() {
    }

    static String key(List<Grant> grants, Dependence rules) {
        int n = grants.size();
        int[] level = new int[n];
        StringBuilder key = new StringBuilder();
        for (int j = 0; j < n; j++) {
            Grant g = grants.get(j);
            int l = 0;
            for (int i = 0; i < j; i++) {
                Grant before = grants.get(i);
                if (before.session() == g.session() || rules.dependent(before.footprint(), g.footprint())) {
                    l = Math.max(l, level[i]);
                }
            }
            level[j] = l + 1;
        }
        int sessions = 0;
        for (Grant g : grants) {
            sessions = Math.max(sessions, g.session() + 1);
        }
        for (int s = 0; s < sessions; s++) {
            key.append('T').append(s + 1).append(':');
            for (int j = 0; j < n; j++) {
                if (grants.get(j).session() == s) {
                    key.append(level[j]).append(' ').append(grants.get(j).shape()).append('|');
                }
            }
            key.append('\n');
        }
        return key.toString();
    }
}
