package dev.dbrace.api;

import java.util.Locale;

/** What the caller of a get-or-create saw when it returned. */
public final class Seen {

    /**
     * The things a get-or-create can return: created, found, or a row without saying which ({@code RETURNED}, told
     * apart on the wire), DoesNotExist, or an integrity error.
     */
    public enum Kind { CREATED, FOUND, RETURNED, DOES_NOT_EXIST, INTEGRITY_ERROR }

    private static final Seen DOES_NOT_EXIST = new Seen(Kind.DOES_NOT_EXIST, 0);
    private static final Seen INTEGRITY_ERROR = new Seen(Kind.INTEGRITY_ERROR, 0);

    private final Kind kind;
    private final long id;

    private Seen(Kind kind, long id) {
        this.kind = kind;
        this.id = id;
    }

    /** This call inserted the row {@code id}. */
    public static Seen created(long id) {
        return new Seen(Kind.CREATED, positive(id));
    }

    /** This call returned the row {@code id}, which another call inserted. */
    public static Seen found(long id) {
        return new Seen(Kind.FOUND, positive(id));
    }

    /**
     * This call returned the row {@code id}, and does not say whether it inserted it: dbrace reads that from the
     * call's statements at the statement gate (an INSERT into the table that inserted a row, in a transaction that
     * committed). Race it through the gate ({@code --gate}, {@link RaceBuilder#throughGate()}, or {@code explore}); without
     * it such a call stops the race and says so.
     * No {@code post_save} or {@code @PostPersist} trick is needed to tell created from found.
     */
    public static Seen returned(long id) {
        return new Seen(Kind.RETURNED, positive(id));
    }

    /** {@code created(id)} or {@code found(id)}. */
    public static Seen of(boolean created, long id) {
        return created ? created(id) : found(id);
    }

    /** The call's final read found no row (Django's DoesNotExist, a null from a find). */
    public static Seen doesNotExist() {
        return DOES_NOT_EXIST;
    }

    /** A duplicate-key error reached the caller, and your code says so instead of throwing it. */
    public static Seen integrityError() {
        return INTEGRITY_ERROR;
    }

    public Kind kind() {
        return kind;
    }

    /** The row's id with created and found; 0 otherwise. */
    public long id() {
        return id;
    }

    private static long positive(long id) {
        if (id <= 0) {
            throw new IllegalArgumentException("a row's id is positive, was " + id);
        }
        return id;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + (id > 0 ? " (id " + id + ")" : "");
    }
}
