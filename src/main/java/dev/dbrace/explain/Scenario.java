package dev.dbrace.explain;

import java.util.Locale;

/** The two interleavings that decide whether a get-or-create holds. */
public enum Scenario {
    /**
     * T1 sends its first statement (its snapshot may now be fixed); T2 then runs its whole
     * get-or-create and commits; T1 finishes. Defeats strategies that read before they write.
     */
    READ_FIRST,
    /**
     * T2 runs up to, not including, its COMMIT (its row exists, uncommitted); T1 runs; T2 commits;
     * T1 finishes. Tests strategies that insert first: T1's INSERT waits on T2's lock.
     */
    WRITE_FIRST;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scenario parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
