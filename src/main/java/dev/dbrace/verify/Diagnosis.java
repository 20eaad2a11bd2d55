package dev.dbrace.verify;

import dev.dbrace.strategy.CallTrace.TracedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Why one key failed verification, as data: each creator with its node, its server session, the id it was
 * given, whether each node holds that row, and the statements it sent; then the story the evidence supports.
 * {@link #story} is {@link Story#judge}'s, a pure function of the creators.
 *
 * @param key      the key's index
 * @param creators every caller told "created" for the key
 */
public record Diagnosis(long key, Story story, List<Creator> creators) {

    /**
     * @param rowOn      per node label, whether that node holds the row with {@code id} (after every node caught up)
     * @param statements what the creator sent and what each statement answered; empty when none was kept
     */
    public record Creator(String node, long session, long id, Map<String, Boolean> rowOn, List<TracedStatement> statements) {

        boolean onNoNode() {
            return !rowOn.containsValue(true);
        }

        boolean nodesDisagree() {
            return rowOn.containsValue(true) && rowOn.containsValue(false);
        }

        /** After its INSERT gave it the id, one of its own statements matched no row by that id. */
        boolean ownRowGoneBeforeCommit() {
            boolean inserted = false;
            for (TracedStatement s : statements) {
                if (s.sql().startsWith("INSERT") && !s.failed()) {
                    inserted = true;
                } else if (inserted && s.matchedNothing()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Which of the stories the evidence supports. */
    public enum Story {
        ROLLED_BACK_BEFORE_COMMIT("client side: the creator's transaction had ended before its COMMIT (its own statement "
                + "matched no row by the id its INSERT returned), so the COMMIT that answered OK committed a fresh "
                + "transaction without the row. The server ended that transaction and an error saying so did not reach "
                + "the caller: look at the driver's settings and at exceptions swallowed between the statements"),
        NODES_DISAGREE("server side: the nodes disagree: after every node caught up, some hold the row and some do not"),
        LOST_AFTER_COMMIT("server side, unless an error was hidden below the statements shown: the creator's own "
                + "statements found its row up to COMMIT, the COMMIT answered OK, and no node holds the row. Confirm with "
                + "a client stack that shares neither dbrace's driver nor its pool before calling it a lost write"),
        NO_TRACE("no statements were kept for the creator whose row is missing (callers dbrace does not see, or more "
                + "than " + Creators.KEPT + " creates), so the evidence cannot tell a hidden rollback from a lost write"),
        UNDETERMINED("every creator's row is on every node; the conflict is in the ids the callers were given");

        private final String meaning;

        Story(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }

        /** The story {@code creators}' evidence supports: the first that a creator whose row is missing gives. */
        public static Story judge(List<Creator> creators) {
            if (creators.stream().anyMatch(Creator::nodesDisagree)) {
                return NODES_DISAGREE;
            }
            List<Creator> lost = new ArrayList<>();
            for (Creator c : creators) {
                if (c.onNoNode()) {
                    lost.add(c);
                }
            }
            if (lost.isEmpty()) {
                return UNDETERMINED;
            }
            if (lost.stream().anyMatch(c -> c.statements().isEmpty())) {
                return NO_TRACE;
            }
            return lost.stream().allMatch(Creator::ownRowGoneBeforeCommit) ? ROLLED_BACK_BEFORE_COMMIT : LOST_AFTER_COMMIT;
        }
    }

    /** The diagnosis as lines for a console or a text report. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("key #" + key + ": " + creators.size() + " creators; the evidence supports: " + story.meaning());
        for (Creator c : creators) {
            out.add("  creator on " + c.node() + ", server session " + c.session() + ", given id " + c.id() + "; row "
                    + (c.onNoNode() ? "on no node" : "on " + c.rowOn()));
            for (TracedStatement s : c.statements()) {
                out.add("    " + s);
            }
        }
        return out;
    }
}
