package dev.dbrace.strategy;


/**
 * Maps a key index {@code 0, 1, 2, …} to a {@code (thing_id, owner_id)} pair: things cycle through
 * {@code 1..WIDTH} and the owner steps up every {@code WIDTH} keys, so a long run needs only a
 * thousand things and one new owner per thousand keys.
 */
public final class KeySpace {

    public static final int WIDTH = 1000;

    private KeySpace() {
    }

    public static Key key(long index) {
        return new Key(index % WIDTH + 1, index / WIDTH + 1);
    }

    /** The inverse of {@link #key}; -1 for a pair no index maps to. */
    public static long index(long thingId, long ownerId) {
        if (thingId < 1 || thingId > WIDTH || ownerId < 1) {
            return -1;
        }
        return (ownerId - 1) * WIDTH + (thingId - 1);
    }

    /** Things needed for keys {@code 0..count-1}. */
    public static long thingsFor(long count) {
        return Math.min(count, WIDTH);
    }

    /** Owners needed for keys {@code 0..count-1}. */
    public static long ownersFor(long count) {
        return (count + WIDTH - 1) / WIDTH;
    }
}
