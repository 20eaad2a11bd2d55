package dev.dbrace.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test that races your get-or-create: the method takes a {@link Race} and runs your code
 * through it.
 *
 * <pre>{@code
 * @RaceTest(threads = 8, rounds = 200)
 * void getOrCreateHolds(Race race) {
 *     race.run(repository::getOrCreate).assertSafe();
 * }
 * }</pre>
 *
 * <p>The database is, first found: {@link #url()}; a field or no-argument method of the test class
 * annotated {@link RaceDatabase}; the system property {@code dbrace.url} (with {@code dbrace.user},
 * {@code dbrace.password}); {@link #database()}, the embedded MariaDB by default. Result files go to
 * {@code target/dbrace/<test class>/<test method>/} (the system property {@code dbrace.results}
 * moves the root).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@ExtendWith(RaceExtension.class)
public @interface RaceTest {

    /** Racing threads. */
    int threads() default 8;

    /** Keys raced, one round each. */
    long rounds() default 200;

    /** Levels to race at ({@code read-committed}, {@code repeatable-read}, {@code serializable}); none for the server's default. */
    String[] isolation() default {};

    /** A JDBC URL; empty to look further (see the class comment). */
    String url() default "";

    String user() default "";

    String password() default "";

    /** A database dbrace starts when nothing else names one: {@code embedded-mariadb}, {@code embedded-postgres}, or an image. */
    String database() default "embedded-mariadb";
}
