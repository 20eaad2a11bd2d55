package dev.dbrace.outcome;

/**
 * Rates per round with 95 % confidence intervals. The calls of one round race each other, so they are
 * not independent trials; the rounds are. An outcome's rate is the share of rounds in which at least one
 * call ended in it, and its interval is Wilson's score interval; with none seen, the upper end is the
 * exact one-sided bound {@code 1 - 0.05^(1/n)} (about 3/n): what a run of {@code n} clean rounds can rule out.
 */
public final class PerRound {

    /** z for a two-sided 95 % interval. */
    private static final double Z = 1.959963984540054;

    private PerRound() {
    }

    /**
     * @param rate the share of rounds with the outcome
     * @param low  the interval's lower end
     * @param high the interval's upper end
     */
    public record Interval(double rate, double low, double high) {
    }

    /** The rate of {@code seen} rounds in {@code rounds}, with its 95 % interval; all zeros for no rounds. */
    public static Interval of(long seen, long rounds) {
        if (rounds <= 0) {
            return new Interval(0, 0, 0);
        }
        if (seen == 0) {
            return new Interval(0, 0, noneSeenBound(rounds));
        }
        double n = rounds;
        double p = seen / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** With no round of {@code rounds} showing it, the per-round rate is below this at 95 % confidence. */
    public static double noneSeenBound(long rounds) {
        return rounds <= 0 ? 1 : 1 - Math.pow(0.05, 1.0 / rounds);
    }
}
