package dev.dbrace.api;

import dev.dbrace.db.Target;
import dev.dbrace.db.Targets;
import dev.dbrace.inproc.RaceDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The database your races run on, and the entry point of dbrace's Java API.
 *
 * <pre>{@code
 * try (RaceTarget db = RaceTarget.url("jdbc:mysql://127.0.0.1:3306/test", "root", "")) {
 *     Result r = db.race("repository", call -> repository.getOrCreate(call))
 *             .threads(8).rounds(200).isolation("repeatable-read")
 *             .run();
 *     r.assertSafe();
 * }
 * }</pre>
 */
public final class RaceTarget implements AutoCloseable {

    private final Target target;
    private final boolean owned;
    private final RaceDataSource dataSource;

    private RaceTarget(Target target, boolean owned) {
        this.target = target;
        this.owned = owned;
        this.dataSource = new RaceDataSource(target);
    }

    /** A server you run: {@code jdbc:mysql://…}, {@code jdbc:mariadb://…} or {@code jdbc:postgresql://…}. */
    public static RaceTarget url(String jdbcUrl, String user, String password) {
        return new RaceTarget(Targets.forUrl(jdbcUrl, user, password == null ? "" : password), true);
    }

    /**
     * A server dbrace starts: {@code embedded-mariadb}, {@code embedded-postgres}, or an image such as
     * {@code mysql:8.4} (Testcontainers, where Docker runs). It stops when this target is closed.
     */
    public static RaceTarget start(String database) {
        try {
            return new RaceTarget(Targets.start(database, 200), true);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("dbrace could not start " + database + ": " + e.getMessage(), e);
        }
    }

    /** An already-open target of dbrace's (its tests, the command line); not closed with this one. */
    public static RaceTarget of(Target target) {
        return new RaceTarget(target, false);
    }

    /**
     * The DataSource to build your ORM or repository on: during a race its connections come from the
     * race's pool, at the race's isolation level, and dbrace counts the errors your code handles on them.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The server's product and version, e.g. "MariaDB 11.4.5-MariaDB". */
    public String server() {
        try {
            return target.dialect().product() + " " + target.dialect().version();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach " + target.label() + ": " + e.getMessage(), e);
        }
    }

    /** A race of your code, named by {@link GetOrCreate#name()}. */
    public RaceBuilder race(GetOrCreate code) {
        return race(code.name(), code);
    }

    /** A race of your code under {@code name}. */
    public RaceBuilder race(String name, GetOrCreate code) {
        return new RaceBuilder(target, dataSource).code(name, code);
    }

    /**
     * Every interleaving of two sessions of your code, each behind dbrace's statement gate, on this server: the
     * statements your ORM sends through {@link #dataSource()} on a session's thread are parked and released in
     * every order, branching on the server's answers. The same as {@code explore(name, code).isolation(isolation).run()}.
     *
     * @param isolation a level such as {@code repeatable-read}, or null for the server's default
     */
    public Interleavings explore(String name, GetOrCreate code, String isolation) {
        return explore(name, code).isolation(isolation).run();
    }

    /** An exploration of your code, to set up ({@link ExploreBuilder#table}, sessions, level) and run. */
    public ExploreBuilder explore(String name, GetOrCreate code) {
        return new ExploreBuilder(target, dataSource, name, code);
    }

    /** A race of dbrace's own strategies, by name ({@code naive}, {@code upsert}, …; {@code dbrace strategies} lists them). */
    public RaceBuilder strategies(String... names) {
        return new RaceBuilder(target, dataSource).strategies(names);
    }

    @Override
    public void close() {
        if (owned) {
            try {
                target.close();
            } catch (Exception ignored) {
                // an embedded server's folder is temporary
            }
        }
    }
}
