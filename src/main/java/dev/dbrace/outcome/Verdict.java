package dev.dbrace.outcome;

/**
 * The one-word judgement on a strategy's run, worst first: one pure function of the outcome counts
 * and their {@link Outcome.Expect grades}, whether the table verified, and whether a race could take
 * place at all. Every report derives its verdict from {@link #of}.
 */
public enum Verdict {
    /** The table disagrees with what callers were told. */
    BROKEN("the table contradicts what callers were told"),
    /** A forbidden outcome reached callers: the race escaped (DoesNotExist, IntegrityError) or an unexpected error did. */
    RACY("a forbidden outcome reached callers"),
    /** Nothing forbidden, but callers saw errors they must retry (deadlocks, timeouts, …). */
    ERRORS("callers saw errors they must retry"),
    /** One thread cannot race; nothing was proven. */
    UNRACED("one thread: no race took place"),
    /** Every call returned the row and the table agrees. */
    SAFE("every call got the row; the table agrees");

    private final String meaning;

    Verdict(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    /** Grades a run from its outcome counts, whether verification passed, and its thread count. */
    public static Verdict of(Tally<Outcome> outcomes, boolean verified, int threads) {
        if (!verified) {
            return BROKEN;
        }
        return switch (worstGrade(outcomes)) {
            case FORBIDDEN -> RACY;
            case INTERESTING -> ERRORS;
            case ACCEPTABLE -> threads < 2 ? UNRACED : SAFE;
        };
    }

    /** The worst grade among the outcomes that occurred; ACCEPTABLE when none did. */
    static Outcome.Expect worstGrade(Tally<Outcome> outcomes) {
        Outcome.Expect worst = Outcome.Expect.ACCEPTABLE;
        for (Outcome o : Outcome.values()) {
            if (outcomes.get(o) > 0 && o.expect().compareTo(worst) > 0) {
                worst = o.expect();
            }
        }
        return worst;
    }

    /** The commonest outcome that is not ACCEPTABLE, or null when every call got the row. */
    public static Outcome commonestAnomaly(Tally<Outcome> outcomes) {
        Outcome worst = null;
        for (Outcome o : Outcome.values()) {
            if (!o.isSuccess() && outcomes.get(o) > 0 && (worst == null || outcomes.get(o) > outcomes.get(worst))) {
                worst = o;
            }
        }
        return worst;
    }

    /** How many different outcomes that are not ACCEPTABLE occurred. */
    public static int anomalyKinds(Tally<Outcome> outcomes) {
        int kinds = 0;
        for (Outcome o : Outcome.values()) {
            if (!o.isSuccess() && outcomes.get(o) > 0) {
                kinds++;
            }
        }
        return kinds;
    }
}
