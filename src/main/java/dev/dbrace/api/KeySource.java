package dev.dbrace.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Fresh keys for a race on your own table: the key columns' values of the {@code index}-th key
 * raced, and the parent rows those keys need.
 *
 * <pre>{@code
 * KeySource keys = new KeySource() {
 *     final long base = System.currentTimeMillis() * 1000;     // keys no earlier run used
 *     public List<Object> key(long index) { return List.of(customerId, "sku-" + (base + index)); }
 * };
 * }</pre>
 */
public interface KeySource {

    /** The key columns' values of key {@code index} (0, 1, 2, …); each must not be in the table yet. */
    List<Object> key(long index);

    /**
     * Creates whatever keys {@code 0..keys-1} need before they are raced (parent rows their foreign
     * keys point at), on {@code c} with autocommit on. Called ahead of the race, and again as it goes
     * on, with growing {@code keys}; by default nothing.
     */
    default void prepare(Connection c, long keys) throws SQLException {
    }
}
