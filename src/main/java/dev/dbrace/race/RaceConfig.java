package dev.dbrace.race;

import java.time.Duration;

/**
 * How one strategy is raced.
 *
 * @param threads     concurrent callers, each with its own connection
 * @param rounds      in round mode, keys raced (every thread calls once per round); in hot-key
 *                    mode, calls per thread
 * @param duration    when not null, run until this much time has passed instead of counting rounds
 * @param hotKeys     0 for barrier-aligned rounds on a fresh key each; K &gt; 0 for free-running
 *                    threads over K keys
 * @param callTimeout the bound on one lock wait (and, from the driver, on one statement)
 * @param priorRead   each call's transaction reads the table before its get-or-create starts
 */
public record RaceConfig(int threads, long rounds, Duration duration, int hotKeys, Duration callTimeout,
                         boolean priorRead) {

    public RaceConfig(int threads, long rounds, Duration duration, int hotKeys, Duration callTimeout) {
        this(threads, rounds, duration, hotKeys, callTimeout, false);
    }

    public RaceConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (duration == null && rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        if (hotKeys < 0) {
            throw new IllegalArgumentException("keys must be positive, was " + hotKeys);
        }
    }

    public boolean hotKeyMode() {
        return hotKeys > 0;
    }

    public String mode() {
        return hotKeyMode() ? "hot-keys" : "rounds";
    }
}
