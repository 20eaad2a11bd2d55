package dev.dbrace.api;

/**
 * Your get-or-create, as dbrace races it: the one interface you implement.
 *
 * <p>Each racing thread calls it with a {@link Call}: the key to get or create, the state to set,
 * and the database to do it on — this thread's {@link Call#connection() Connection} from dbrace's
 * pool, or the race's {@link Call#dataSource() DataSource} for an ORM that manages its own
 * connections. Return what the caller saw; a {@code null} return counts as does-not-exist. Throw
 * what your code throws: dbrace classifies it, unwrapping causes down to the {@code SQLException}
 * (Spring's {@code DataIntegrityViolationException}, Hibernate's {@code ConstraintViolationException}
 * and JPA's {@code PersistenceException} all come out as what the server said), and counts JPA's
 * {@code NoResultException} and {@code EntityNotFoundException} as does-not-exist.
 *
 * <pre>{@code
 * GetOrCreate mine = call -> {
 *     MyObj o = repository.getOrCreate(call.thingId(), call.ownerId(), call.state());
 *     return o == null ? Seen.doesNotExist() : o.isNew() ? Seen.created(o.id()) : Seen.found(o.id());
 * };
 * }</pre>
 *
 * <p>A class with a public no-argument constructor can also be raced from the command line:
 * {@code dbrace run --strategy-jar app.jar --strategy com.acme.MyGetOrCreate}.
 */
@FunctionalInterface
public interface GetOrCreate {

    /**
     * Gets or creates the row for {@code call}'s key and sets its state. When you use
     * {@link Call#connection()}, dbrace commits it after a normal return and rolls it back after an
     * exception, as a transactional service boundary would.
     */
    Seen call(Call call) throws Exception;

    /** The name in reports; by default the class's simple name ({@code java} for a lambda). */
    default String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() || n.contains("$$Lambda") || n.contains("$Lambda") ? "java" : n;
    }
}
