package dev.dbrace.api;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import dev.dbrace.explain.Exploration;
import dev.dbrace.explain.ExplorationFormat;
import dev.dbrace.explain.Explorer;
import dev.dbrace.inproc.JavaContender;
import dev.dbrace.inproc.RaceDataSource;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.Caller;
import dev.dbrace.race.Ground;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exploration of your code ({@link RaceTarget#explore(String, GetOrCreate)}): every interleaving of two or three
 * sessions of it, each behind dbrace's statement gate, on dbrace's table or your own.
 *
 * <pre>{@code
 * Interleavings i = db.explore("TagService.getOrCreate", call -> tags.getOrCreate(call))
 *         .isolation("repeatable-read")
 *         .table(OwnTable.named("tag").keyColumns("name").keys(index -> List.of("t-" + base + index)))
 *         .sessions(2)
 *         .run();
 * }</pre>
 */
public final class ExploreBuilder {

    private final Target target;
    private final RaceDataSource dataSource;
    private final String name;
    private final GetOrCreate code;
    private Isolation isolation;
    private Ground ground;
    private int sessions = 2;
    private long maxInterleavings = 20_000;
    private boolean unreduced;
    private boolean merged;

    ExploreBuilder(Target target, RaceDataSource dataSource, String name, GetOrCreate code) {
        this.target = target;
        this.dataSource = dataSource;
        this.name = name;
        this.code = code;
    }

    /** A level such as {@code repeatable-read}; null (the default) for the server's. */
    public ExploreBuilder isolation(String level) {
        this.isolation = level == null ? null : Isolation.parse(level);
        return this;
    }

    /** Explores on your own table instead of dbrace's: its key columns, id column and fresh keys. */
    public ExploreBuilder table(OwnTable table) {
        this.ground = table.ground(target);
        return this;
    }

    /** 2 (the default) or 3 sessions. */
    public ExploreBuilder sessions(int n) {
        Explorer.Options.of(n, 1);          // refuses anything but 2 or 3
        this.sessions = n;
        return this;
    }

    /** Stops after this many runs; the result then says it is not complete. Default 20,000. */
    public ExploreBuilder maxInterleavings(long n) {
        this.maxInterleavings = n;
        return this;
    }

    /** Every statement a stop and every order run: the search the reduced one is checked against. */
    public ExploreBuilder unreduced() {
        this.unreduced = true;
        return this;
    }

    /**
     * Orders that differ only in independent statements are run once ({@code --prune}): the default for 3 sessions,
     * here for 2 as well.
     */
    public ExploreBuilder merged() {
        this.merged = true;
        return this;
    }

    public Interleavings run() {
        Explorer.Options options = Explorer.Options.of(sessions, maxInterleavings);
        if (merged) {
            options = options.pruned(true);
        }
        if (unreduced) {
            options = options.unreducedSearch();
        }
        try {
            Exploration e = new Explorer(target).explore(new JavaContender(name, code, dataSource), ground, isolation,
                    Settings.NONE, options);
            Map<List<String>, Long> combinations = new LinkedHashMap<>();
            for (Exploration.Pair p : e.pairs()) {
                combinations.put(p.outcomes().stream().map(Outcome::key).toList(), p.interleavings());
            }
            return new Interleavings(e.complete(), e.sampling() != null, Map.copyOf(combinations),
                    ExplorationFormat.TEXT.render(e));
        } catch (SQLException | Caller.Broken e) {
            throw new IllegalStateException("exploring " + name + " on " + target.label() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("exploring " + name + " was interrupted", e);
        }
    }
}
