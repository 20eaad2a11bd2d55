package dev.dbrace.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every strategy dbrace knows, by name, in the order reports list them. */
public final class Strategies {

    private static final Map<String, Strategy> ALL = new LinkedHashMap<>();

    static {
        for (Strategy s : List.of(new NaiveStrategy(), new CommitThenGetStrategy(),
                new ReadCommittedStrategy(), new UpsertStrategy())) {
            ALL.put(s.name(), s);
        }
    }

    private Strategies() {
    }

    /** The strategies a run with no {@code --strategy} races. */
    public static List<Strategy> defaults() {
        return List.of(ALL.get("naive"), ALL.get("commit-then-get"), ALL.get("read-committed"), ALL.get("upsert"));
    }

    public static List<Strategy> all() {
        return new ArrayList<>(ALL.values());
    }

    public static List<String> names() {
        return new ArrayList<>(ALL.keySet());
    }

    /** @throws IllegalArgumentException naming the unknown strategy and the known ones */
    public static Strategy byName(String name) {
        Strategy s = ALL.get(name.trim());
        if (s == null) {
            throw new IllegalArgumentException("unknown strategy '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return s;
    }
}
