package dev.dbrace.strategy;

/** One {@code (thing_id, owner_id)} pair: the unique key a get-or-create races for. */
public record Key(long thingId, long ownerId) {

    @Override
    public String toString() {
        return "thing_id=" + thingId + ", owner_id=" + ownerId;
    }
}
