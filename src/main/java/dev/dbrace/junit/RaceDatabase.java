package dev.dbrace.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field or no-argument method of a test class that says which database {@link RaceTest}s
 * race on: a JDBC URL ({@code String}), a {@link dev.dbrace.api.RaceTarget}, or a Testcontainers
 * {@code JdbcDatabaseContainer} you already have (read through its {@code getJdbcUrl()},
 * {@code getUsername()} and {@code getPassword()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface RaceDatabase {
}
