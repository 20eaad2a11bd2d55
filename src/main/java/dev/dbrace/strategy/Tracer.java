package dev.dbrace.strategy;

import java.sql.SQLException;

/**
 * Sees every statement a {@link Session} sends, before and after. The race uses {@link #NONE};
 * {@code dbrace explain} uses one that records a timeline and can hold a session between statements.
 */
public interface Tracer {

    Tracer NONE = new Tracer() {
    };

    /** Called before the statement is sent; may block to hold the session back. */
    default void before(String sql) {
    }

    /** Called when the statement returned; {@code result} says what it returned, briefly. */
    default void after(String sql, String result) {
    }

    /** Called when the statement raised an error. */
    default void failed(String sql, SQLException e) {
    }
}
