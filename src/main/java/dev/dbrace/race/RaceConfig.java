package dev.dbrace.race;

import dev.dbrace.db.Settings;
import dev.dbrace.fault.FaultPlan;
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
 * @param warmup      rounds (hot-key mode: calls per thread) run first and not counted; their rows are
 *                    still verified
 * @param rate        0 for "as fast as possible"; else calls per second over all threads, each call's
 *                    latency measured from its intended start on that schedule
 * @param settings    server settings every racing connection runs with ({@code --set})
 * @param alignAt     where in each call the threads of a round wait for each other ({@code --align-at});
 *                    {@link AlignAt#FREE} for the free race
 * @param gate        workers' statements pass through dbrace's statement gate ({@code --gate}): their statements
 *                    and errors by step are taken from the wire
 * @param fault       what strikes the cluster mid-race ({@code --fault}), and when; {@link FaultPlan#NONE} for none
 */
public record RaceConfig(int threads, long rounds, Duration duration, int hotKeys, Duration callTimeout,
                         boolean priorRead, long warmup, double rate, Settings settings, AlignAt alignAt,
                         boolean gate, FaultPlan fault) {

    public RaceConfig(int threads, long rounds, Duration duration, int hotKeys, Duration callTimeout,
                      boolean priorRead, long warmup, double rate) {
        this(threads, rounds, duration, hotKeys, callTimeout, priorRead, warmup, rate, Settings.NONE,
                AlignAt.FREE, false, FaultPlan.NONE);
    }

    /** The same, with the threads of a round aligned at {@code at} inside each call. */
    public RaceConfig withAlignAt(AlignAt at) {
        return new RaceConfig(threads, rounds, duration, hotKeys, callTimeout, priorRead, warmup, rate, settings, at, gate, fault);
    }

    /** The same, with the workers' statements passed through the statement gate. */
    public RaceConfig withGate(boolean through) {
        return new RaceConfig(threads, rounds, duration, hotKeys, callTimeout, priorRead, warmup, rate, settings, alignAt,
                through, fault);
    }

    public RaceConfig withThreads(int n) {
        return new RaceConfig(n, rounds, duration, hotKeys, callTimeout, priorRead, warmup, rate, settings, alignAt, gate, fault);
    }

    public RaceConfig withRounds(long n) {
        return new RaceConfig(threads, n, duration, hotKeys, callTimeout, priorRead, warmup, rate, settings, alignAt, gate, fault);
    }

    /** The same with these server settings. */
    public RaceConfig withSettings(Settings s) {
        return new RaceConfig(threads, rounds, duration, hotKeys, callTimeout, priorRead, warmup, rate, s, alignAt, gate, fault);
    }

    /** The same, with {@code plan} striking the cluster mid-race. */
    public RaceConfig withFault(FaultPlan plan) {
        return new RaceConfig(threads, rounds, duration, hotKeys, callTimeout, priorRead, warmup, rate, settings, alignAt,
                gate, plan);
    }

    /** The default bound on one lock wait. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

    /** {@code threads} callers racing {@code rounds} fresh keys, barrier-aligned, at full speed. */
    public static RaceConfig rounds(int threads, long rounds) {
        return new RaceConfig(threads, rounds, null, 0, DEFAULT_CALL_TIMEOUT, false, 0, 0);
    }

    /** The same, but racing for {@code d} instead of a number of rounds (or calls per thread). */
    public RaceConfig withDuration(Duration d) {
        return new RaceConfig(threads, rounds, d, hotKeys, callTimeout, priorRead, warmup, rate, settings, alignAt, gate, fault);
    }

    /** The same, but free-running over {@code keys} hot keys ({@code rounds} becomes calls per thread). */
    public RaceConfig withHotKeys(int keys) {
        return new RaceConfig(threads, rounds, duration, keys, callTimeout, priorRead, warmup, rate, settings, alignAt, gate, fault);
    }

    public RaceConfig withCallTimeout(Duration t) {
        return new RaceConfig(threads, rounds, duration, hotKeys, t, priorRead, warmup, rate, settings, alignAt, gate, fault);
    }

    public RaceConfig withPriorRead(boolean read) {
        return new RaceConfig(threads, rounds, duration, hotKeys, callTimeout, read, warmup, rate, settings, alignAt, gate, fault);
    }

    public RaceConfig withWarmup(long w) {
        return new RaceConfig(threads, rounds, duration, hotKeys, callTimeout, priorRead, w, rate, settings, alignAt, gate, fault);
    }

    public RaceConfig withRate(double callsPerSecond) {
        return new RaceConfig(threads, rounds, duration, hotKeys, callTimeout, priorRead, warmup, callsPerSecond, settings, alignAt, gate, fault);
    }

    /**
     * Nanoseconds between intended starts: of successive rounds (every thread calls once a round),
     * or, in hot-key mode, of one thread's successive calls; 0 without {@code --rate}.
     */
    public long intervalNanos() {
        return rate <= 0 ? 0 : (long) (threads * 1e9 / rate);
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
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must not be negative, was " + warmup);
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be a positive number of calls per second, was " + rate);
        }
        if (settings == null) {
            settings = Settings.NONE;
        }
        if (alignAt == null) {
            alignAt = AlignAt.FREE;
        }
        if (fault == null) {
            fault = FaultPlan.NONE;
        }
        if (alignAt != AlignAt.FREE && hotKeys > 0) {
            throw new IllegalArgumentException("--align-at aligns the threads of a round; hot-key mode (--keys) has no rounds");
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
