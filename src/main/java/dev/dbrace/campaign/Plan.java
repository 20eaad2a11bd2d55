package dev.dbrace.campaign;

import dev.dbrace.db.Isolation;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * What a campaign races on each database: (strategy, level) pairs in order, all with one
 * configuration.
 */
public record Plan(List<Entry> entries, RaceConfig config) {

    /** One strategy at one level; {@code isolation} null for the server's default or the strategy's own. */
    public record Entry(Strategy strategy, Isolation isolation) {
    }

    /**
     * Every strategy at every level; a strategy that fixes its own level runs once.
     *
     * @param levels null inside the list means the server's default
     */
    public static Plan of(List<Strategy> strategies, List<Isolation> levels, RaceConfig config) {
        List<Entry> entries = new ArrayList<>();
        for (Strategy s : strategies) {
            if (s.isolation() != null) {
                entries.add(new Entry(s, null));
            } else {
                levels.forEach(l -> entries.add(new Entry(s, l)));
            }
        }
        return new Plan(List.copyOf(entries), config);
    }
}
