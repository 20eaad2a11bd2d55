package dev.dbrace.support;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.explain.Exploration;
import dev.dbrace.explain.Explorer;
import dev.dbrace.strategy.Strategies;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Explorations of dbrace's strategies that tests in more than one class assert on, each made once in the test JVM
 * (Surefire runs every class in one) and handed to every class that asks for the same one: the same server, strategy,
 * level and options, the PCT seed aside. An exploration is an immutable record, and a class run alone makes its own.
 * Only complete explorations are kept: the seed decides nothing in those.
 */
public final class Explorations {

    private static final Map<List<Object>, Exploration> MADE = new HashMap<>();

    private Explorations() {
    }

    public static synchronized Exploration of(Target t, String strategy, Isolation level, Explorer.Options options)
            throws Exception {
        List<Object> key = List.of(t.label(), strategy, level, options.seeded(0));
        Exploration made = MADE.get(key);
        if (made == null) {
            made = new Explorer(t).explore(Strategies.byName(strategy), level, false, Settings.NONE, options);
            if (made.complete()) {
                MADE.put(key, made);
            }
        }
        return made;
    }
}
