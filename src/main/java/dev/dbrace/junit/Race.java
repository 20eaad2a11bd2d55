package dev.dbrace.junit;

import dev.dbrace.api.GetOrCreate;
import dev.dbrace.api.RaceBuilder;
import dev.dbrace.api.RaceTarget;
import dev.dbrace.api.Result;
import java.nio.file.Path;
import javax.sql.DataSource;

/** What a {@link RaceTest} method gets: the database and settings of its annotation, ready to race your code. */
public final class Race {

    private final RaceTarget target;
    private final RaceTest settings;
    private final Path results;
    private int runs;

    Race(RaceTarget target, RaceTest settings, Path results) {
        this.target = target;
        this.settings = settings;
        this.results = results;
    }

    /** Races {@code code} with the annotation's settings and returns what it measured; assert on it. */
    public Result run(GetOrCreate code) {
        return run(code.name(), code);
    }

    /** The same, under {@code name}. */
    public Result run(String name, GetOrCreate code) {
        return builder(name, code).run();
    }

    /** A builder with the annotation's settings, for more (hot keys, a duration, strategies to compare with). */
    public RaceBuilder builder(String name, GetOrCreate code) {
        runs++;
        return target.race(name, code).threads(settings.threads()).rounds(settings.rounds())
                .isolation(settings.isolation()).outDir(runs == 1 ? results : results.resolveSibling(
                        results.getFileName() + "-" + runs));
    }

    /** The DataSource to build your repository or ORM on, so that dbrace sees the errors it handles. */
    public DataSource dataSource() {
        return target.dataSource();
    }

    public RaceTarget target() {
        return target;
    }

    /** Where this test's result files go. */
    public Path results() {
        return results;
    }
}
