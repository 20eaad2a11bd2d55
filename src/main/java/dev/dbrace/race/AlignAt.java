package dev.dbrace.race;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where in each call the threads of a round wait for each other ({@code run --align-at}): the SQL is the
 * same, only its timing is aimed at the window the race is about.
 */
public enum AlignAt {
    /** No second barrier: the free race. */
    FREE,
    /** After each call's first statement: every session has its snapshot before anyone writes. */
    AFTER_FIRST_STATEMENT,
    /** Before each call's first INSERT. */
    BEFORE_INSERT,
    /** Before each call's COMMIT. */
    BEFORE_COMMIT;

    /** The name on the command line and in reports: {@code after-first-statement}, … */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the steps there are */
    public static AlignAt parse(String text) {
        for (AlignAt a : values()) {
            if (a.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown step '" + text + "'; use one of "
                + String.join(", ", Arrays.stream(values()).map(AlignAt::key).toList()));
    }
}
