package dev.dbrace.campaign;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.race.BuiltIn;
import dev.dbrace.race.Contender;
import dev.dbrace.race.RaceConfig;
import dev.dbrace.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * What a campaign races on each database: (contender, level) pairs in order, all with one
 * configuration.
 */
public record Plan(List<Entry> entries, RaceConfig config) {

    /**
     * One contender at one level with one set of server settings; {@code isolation} null for the server's
     * default or the contender's own.
     */
    public record Entry(Contender contender, Isolation isolation, Settings settings) {

        public Entry(Contender contender, Isolation isolation) {
            this(contender, isolation, Settings.NONE);
        }

        /** One of dbrace's strategies at {@code isolation}. */
        public static Entry of(Strategy strategy, Isolation isolation) {
            return new Entry(new BuiltIn(strategy), isolation);
        }
    }

    /**
     * Every contender at every level; one that fixes its own level runs once.
     *
     * @param levels null inside the list means the server's default
     */
    public static Plan of(List<? extends Contender> contenders, List<Isolation> levels, RaceConfig config) {
        return of(contenders, levels, List.of(Settings.NONE), config);
    }

    /** The same for each set of server settings in {@code sweep} ({@code --set a=1,2}: two). */
    public static Plan of(List<? extends Contender> contenders, List<Isolation> levels, List<Settings> sweep,
                          RaceConfig config) {
        List<Entry> entries = new ArrayList<>();
        for (Contender s : contenders) {
            for (Settings settings : sweep) {
                if (s.isolation() != null) {
                    entries.add(new Entry(s, null, settings));
                } else {
                    levels.forEach(l -> entries.add(new Entry(s, l, settings)));
                }
            }
        }
        return new Plan(List.copyOf(entries), config);
    }
}
