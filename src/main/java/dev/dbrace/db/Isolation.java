package dev.dbrace.db;

import java.sql.Connection;
import java.util.Locale;

/** A transaction isolation level, spelled the way users type it ({@code read-committed}). */
public enum Isolation {
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    Isolation(int jdbcLevel) {
        this.jdbcLevel = jdbcLevel;
    }

    public int jdbcLevel() {
        return jdbcLevel;
    }

    /** The name HikariCP's {@code transactionIsolation} setting takes. */
    public String hikariName() {
        return "TRANSACTION_" + name();
    }

    /** {@code read-committed}, as on the command line and in reports. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses what servers and users write: {@code READ-COMMITTED} (MySQL), {@code read committed}
     * (PostgreSQL) and {@code read-committed} (dbrace) all give {@link #READ_COMMITTED}.
     */
    public static Isolation parse(String text) {
        String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Isolation.valueOf(norm);
    }
}
