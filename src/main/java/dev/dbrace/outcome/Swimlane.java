package dev.dbrace.outcome;

import java.util.List;

/**
 * One call that failed, drawn beside the call that created its key's row: each a lane of the statements it sent
 * through the gate, with when each was sent and answered, from the race's start of the earlier of the two. Data
 * first: the report and the summary render it.
 *
 * @param outcome the failed call's outcome
 * @param key     the key both calls raced, as the table holds it
 * @param lanes   the failed call's lane first, then the creator's
 */
public record Swimlane(Outcome outcome, String key, List<Lane> lanes) {

    /** One call's statements: {@code who} names the caller and what it saw. */
    public record Lane(String who, List<Box> boxes) {
    }

    /**
     * One statement: its text, the server's answer, and when it was sent and answered. In a {@link Swimlane}, in
     * microseconds from the first statement of either lane; as a caller hands it over, in {@link System#nanoTime()}.
     */
    public record Box(String sql, String answer, boolean failed, long startUs, long endUs) {
    }
}
