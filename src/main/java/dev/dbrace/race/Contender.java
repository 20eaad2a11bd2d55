package dev.dbrace.race;

import dev.dbrace.db.Capability;
import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a race runs on each of its threads: one of dbrace's strategies ({@link BuiltIn}) or the
 * user's own code. A contender opens one {@link Caller} per thread for each race, fresh every time.
 */
public interface Contender {

    /** The name in reports and expectation files. */
    String name();

    /** One line on what it does. */
    String summary();

    /** The level it insists on, or null to run at the level asked for (or the server's default). */
    default Isolation isolation() {
        return null;
    }

    /** What its SQL needs beyond the basics every dialect has. */
    default Set<Capability> needs() {
        return Set.of();
    }

    /** False when the server cannot express it; it is then skipped with a reason, not faked. */
    default boolean supportedBy(Dialect dialect) {
        return dialect.capabilities().containsAll(needs());
    }

    /** True when its statements can go through the statement gate ({@code --gate}), where a step can hold them. */
    default boolean passesGate() {
        return false;
    }

    /** False when it can race only on dbrace's own tables (its SQL knows them); true for code that reads {@code table()}. */
    default boolean racesOn(Ground ground) {
        return ground.dbraces();
    }

    /**
     * The table it races on when the race is given none: dbrace's own, unless the contender was told the team's
     * (a worker with {@code --table}).
     */
    default Ground ground(Target target, Schema schema) {
        return new DbraceGround(schema);
    }

    /**
     * Opens one caller per thread, each ready for its first call.
     *
     * @throws Caller.Broken when the user's code could not be started or refused the race
     */
    Lineup open(Arena arena) throws SQLException, Caller.Broken, InterruptedException;

    /**
     * The callers of one race, and the isolation level and settings they run at as far as dbrace can tell.
     *
     * @param isolation a level's key, or {@code unknown}
     * @param settings  each {@code --set} setting as read back from a racing connection (as asked, where
     *                  dbrace cannot read it: a worker's own connection)
     */
    record Lineup(List<? extends Caller> callers, String isolation, Map<String, String> settings,
                  AutoCloseable resources) implements AutoCloseable {

        /** Closes every caller, then the resources they shared (a pool); never throws. */
        @Override
        public void close() {
            callers.forEach(Caller::close);
            if (resources != null) {
                try {
                    resources.close();
                } catch (Exception ignored) {
                    // nothing measured depends on it
                }
            }
        }
    }
}
