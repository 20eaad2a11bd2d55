package dev.dbrace.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The verdict is one pure function of the outcome grades, the verification and the thread count. */
class VerdictTest {

    private static Tally<Outcome> counts(Object... outcomeAndCount) {
        Tally<Outcome> t = new Tally<>(Outcome.class);
        for (int i = 0; i < outcomeAndCount.length; i += 2) {
            t.add((Outcome) outcomeAndCount[i], ((Number) outcomeAndCount[i + 1]).longValue());
        }
        return t;
    }

    @Test
    void theWorstGradePresentDecides() {
        assertThat(Verdict.of(counts(Outcome.CREATED, 10, Outcome.FOUND, 30), true, 4)).isEqualTo(Verdict.SAFE);
        assertThat(Verdict.of(counts(Outcome.CREATED, 10, Outcome.DEADLOCK, 1), true, 4)).isEqualTo(Verdict.ERRORS);
        assertThat(Verdict.of(counts(Outcome.DEADLOCK, 5, Outcome.DOES_NOT_EXIST, 1), true, 4)).isEqualTo(Verdict.RACY);
        // OTHER is graded FORBIDDEN, so it is no longer a mere retryable error
        assertThat(Verdict.of(counts(Outcome.CREATED, 10, Outcome.OTHER, 1), true, 4)).isEqualTo(Verdict.RACY);
        assertThat(Verdict.of(counts(Outcome.CREATED, 10), false, 4)).isEqualTo(Verdict.BROKEN);
        assertThat(Verdict.of(counts(Outcome.CREATED, 10), true, 1)).isEqualTo(Verdict.UNRACED);
    }

    @Test
    void everyForbiddenOutcomeMakesARunRacyAndEveryInterestingOneErrors() {
        for (Outcome o : Outcome.values()) {
            Verdict v = Verdict.of(counts(Outcome.CREATED, 1, o, 1), true, 2);
            switch (o.expect()) {
                case FORBIDDEN -> assertThat(v).as(o.key()).isEqualTo(Verdict.RACY);
                case INTERESTING -> assertThat(v).as(o.key()).isEqualTo(Verdict.ERRORS);
                case ACCEPTABLE -> assertThat(v).as(o.key()).isEqualTo(Verdict.SAFE);
            }
        }
    }

    @Test
    void theCommonestAnomalyIsFoundOnce() {
        Tally<Outcome> t = counts(Outcome.FOUND, 100, Outcome.DEADLOCK, 3, Outcome.DOES_NOT_EXIST, 7);
        assertThat(Verdict.commonestAnomaly(t)).isEqualTo(Outcome.DOES_NOT_EXIST);
        assertThat(Verdict.anomalyKinds(t)).isEqualTo(2);
        assertThat(Verdict.commonestAnomaly(counts(Outcome.FOUND, 3))).isNull();
    }
}
