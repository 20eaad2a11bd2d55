package dev.dbrace.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** Every strategy dbrace knows, by name, in the order reports list them. */
public final class Strategies {

    /** Retries the {@code retry} strategy allows when {@code --max-retries} is not given. */
    public static final int DEFAULT_MAX_RETRIES = 5;

    private static final Map<String, IntFunction<Strategy>> ALL = new LinkedHashMap<>();

    static {
        register(n -> new NaiveStrategy());
        register(n -> new CommitThenGetStrategy());
        register(n -> new ReadCommittedStrategy());
        register(n -> new UpsertStrategy());
        register(RetryStrategy::new);
        register(n -> new LockingRereadStrategy());
        register(n -> new ShareRereadStrategy());
        register(n -> new UpdateByKeyStrategy());
        register(n -> new DjangoModernStrategy());
        register(n -> new CreateOrFindStrategy());
        register(n -> new InsertIgnoreSelectStrategy());
    }

    private static void register(IntFunction<Strategy> factory) {
        ALL.put(factory.apply(DEFAULT_MAX_RETRIES).name(), factory);
    }

    private Strategies() {
    }

    /** The strategies a run with no {@code --strategy} races: the seed's code and its three fixes. */
    public static List<Strategy> defaults() {
        return List.of(byName("naive"), byName("commit-then-get"), byName("read-committed"), byName("upsert"));
    }

    /** Every strategy, with the default retry limit. */
    public static List<Strategy> all() {
        return ALL.values().stream().map(f -> f.apply(DEFAULT_MAX_RETRIES)).collect(Collectors.toList());
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * True when {@code name} names the user's Java class (a dotted name, from a {@code --strategy-jar}) rather than
     * one of dbrace's strategies: the one rule {@code run}, {@code explain} and {@code check} tell them apart by.
     */
    public static boolean isClassName(String name) {
        return name.contains(".") && !names().contains(name);
    }

    public static Strategy byName(String name) {
        return byName(name, DEFAULT_MAX_RETRIES);
    }

    /** @throws IllegalArgumentException naming the unknown strategy and the known ones */
    public static Strategy byName(String name, int maxRetries) {
        IntFunction<Strategy> f = ALL.get(name.trim());
        if (f == null) {
            throw new IllegalArgumentException("unknown strategy '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return f.apply(maxRetries);
    }
}
