package dev.dbrace.fault;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault and when it strikes, as {@code --fault} gives it, with how long the race goes on after the failover
 * ({@code --after-fault}) and how long a failover may take ({@code --failover-bound}):
 * <pre>
 * kill-primary@10s          the primary, 10 s into the measured race
 * kill-node:2@calls:300     node 2, once 300 calls have been answered
 * </pre>
 * The race goes on until {@code after} more time has passed, or {@code afterCalls} more calls have been answered,
 * counted from the failover's end (the first call that started after the strike and succeeded). When no call
 * succeeds within {@code failoverBound} of the strike, the race ends there and says so.
 *
 * @param fault         what strikes; null in {@link #NONE}
 * @param atNanos       when, from the measured start; -1 when {@code atCalls} says
 * @param atCalls       after how many answered calls; -1 when {@code atNanos} says
 * @param afterNanos    how long the race goes on after the failover; -1 when {@code afterCalls} says
 * @param afterCalls    how many calls it goes on for after the failover; -1 when {@code afterNanos} says
 * @param failoverBound the longest the failover may take
 */
public record FaultPlan(Fault fault, long atNanos, long atCalls, long afterNanos, long afterCalls, Duration failoverBound) {

    /** No fault: the race runs as it would. */
    public static final FaultPlan NONE = new FaultPlan(null, -1, -1, -1, -1, Duration.ZERO);

    public static final Duration DEFAULT_AFTER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(60);

    private static final Pattern SPEC = Pattern.compile("(kill-primary|kill-node:(\\d+))@(?:calls:(\\d+)|(\\d+)(ms|s))");
    private static final Pattern AFTER = Pattern.compile("(\\d+)(ms|s|calls)");

    public boolean planned() {
        return fault != null;
    }

    /**
     * @param spec  {@code kill-primary@10s}, {@code kill-node:2@calls:300}
     * @param after {@code 10s}, {@code 500ms} or {@code 300calls}; null for {@link #DEFAULT_AFTER}
     * @throws IllegalArgumentException with the syntax, for anything else
     */
    public static FaultPlan parse(String spec, String after, Duration bound) {
        Matcher m = SPEC.matcher(spec.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--fault takes WHAT@WHEN: kill-primary or kill-node:N, at a time into the "
                    + "race (10s, 500ms) or a number of answered calls (calls:300), e.g. kill-primary@10s; not '" + spec + "'");
        }
        Fault f = m.group(2) != null ? new KillNode(Integer.parseInt(m.group(2))) : new KillPrimary();
        long atCalls = m.group(3) != null ? Long.parseLong(m.group(3)) : -1;
        long atNanos = m.group(4) != null ? nanos(Long.parseLong(m.group(4)), m.group(5)) : -1;
        long afterNanos = DEFAULT_AFTER.toNanos();
        long afterCalls = -1;
        if (after != null) {
            Matcher a = AFTER.matcher(after.trim().toLowerCase(Locale.ROOT));
            if (!a.matches()) {
                throw new IllegalArgumentException("--after-fault takes a time (10s, 500ms) or a number of calls (300calls), "
                        + "not '" + after + "'");
            }
            afterCalls = a.group(2).equals("calls") ? Long.parseLong(a.group(1)) : -1;
            afterNanos = afterCalls >= 0 ? -1 : nanos(Long.parseLong(a.group(1)), a.group(2));
        }
        return new FaultPlan(f, atNanos, atCalls, afterNanos, afterCalls, bound == null ? DEFAULT_BOUND : bound);
    }

    private static long nanos(long n, String unit) {
        return unit.equals("ms") ? n * 1_000_000 : n * 1_000_000_000;
    }

    /** {@code kill-primary@10s, then 10s after the failover (bound 60s)}. */
    public String describe() {
        if (!planned()) {
            return "none";
        }
        String at = atCalls >= 0 ? "calls:" + atCalls : seconds(atNanos);
        String then = afterCalls >= 0 ? afterCalls + " calls" : seconds(afterNanos);
        return fault.describe() + "@" + at + ", then " + then + " after the failover (bound " + failoverBound.toSeconds()
                + "s)";
    }

    private static String seconds(long nanos) {
        return nanos % 1_000_000_000 == 0 ? nanos / 1_000_000_000 + "s" : nanos / 1_000_000 + "ms";
    }
}
