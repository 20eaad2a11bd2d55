package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import java.util.List;
import java.util.Map;

/**
 * What happened when two sessions ran one strategy in a fixed interleaving against a real server.
 *
 * @param isolation the level read back from the sessions
 * @param outcome1  what T1's caller saw; {@code id1} the row id it got (0 if none)
 * @param blocked   which session (1 or 2) was seen waiting for the other's lock, 0 for none
 * @param settings  the {@code --set} settings both sessions ran with, as read back
 */
public record Timeline(String database, String product, String serverVersion, String strategy, String isolation,
                       boolean priorRead, Scenario scenario, List<Step> steps, Outcome outcome1, long id1,
                       Outcome outcome2, long id2, int blocked, String conclusion, Map<String, String> settings) {

    /** This timeline with its conclusion, which is written from the rest of it. */
    public Timeline withConclusion(String text) {
        return new Timeline(database, product, serverVersion, strategy, isolation, priorRead, scenario, steps,
                outcome1, id1, outcome2, id2, blocked, text, settings);
    }

    public Outcome outcome(int session) {
        return session == 1 ? outcome1 : outcome2;
    }

    /** The error code ("SQLState 40001, code 1213") of the failing call of {@code session}, or null. */
    public String lastError(int session) {
        String last = null;
        for (Step s : steps) {
            if (s.session() == session && s.error() != null) {
                last = s.error();
            }
        }
        return last;
    }
}
