package dev.dbrace.outcome;

/** The one-word judgement on a strategy's run, worst first. */
public enum Verdict {
    /** The table disagrees with what callers were told. */
    BROKEN("the table contradicts what callers were told"),
    /** DoesNotExist or IntegrityError reached callers: the race escaped. */
    RACY("the race escaped to callers"),
    /** No race escaped, but callers saw errors they must retry (deadlocks, timeouts, …). */
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
        boolean errors = false;
        for (Outcome o : Outcome.values()) {
            long n = outcomes.get(o);
            if (n == 0 || o.isSuccess()) {
                continue;
            }
            if (o.isRaceAnomaly()) {
                return RACY;
            }
            errors = true;
        }
        if (errors) {
            return ERRORS;
        }
        return threads < 2 ? UNRACED : SAFE;
    }
}
