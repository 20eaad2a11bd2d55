package dev.dbrace.race;

import dev.dbrace.gate.StatementHook;
import java.sql.SQLException;
import java.util.List;

/**
 * A contender whose statements can pass through the statement gate: a worker's, or the user's Java code. Each of
 * its callers gets a gate of its own, so every statement a call sends belongs to that call.
 */
public interface GatedContender extends Contender {

    @Override
    default boolean passesGate() {
        return true;
    }

    /** The callers, caller {@code i}'s statements shown to {@code hooks.get(i)} at its gate. */
    Lineup open(Arena arena, List<StatementHook> hooks) throws SQLException, Caller.Broken, InterruptedException;

    /**
     * True when the code's tables are named by its own mapping (an ORM entity on {@code dbrace_myobj}), so an
     * exploration must use dbrace's usual names; false when it is told them (a worker's hello).
     */
    default boolean namesItsTables() {
        return false;
    }
}
