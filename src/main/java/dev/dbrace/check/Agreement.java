package dev.dbrace.check;

import dev.dbrace.explain.Exploration;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.StrategyResult;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a race and an exploration of the same strategy, level and server agree: every outcome the race saw must
 * be one some interleaving gives. Outcomes that come from the machine, not from the schedule ({@link #MACHINE}),
 * are left out.
 *
 * @param findings outcomes the race saw and no interleaving gives: the model misses something (more sessions,
 *                 a step it does not stop at), which is a finding, never noise
 * @param unseen   outcomes some interleaving gives and the race did not see: possible, not seen
 */
public record Agreement(Set<Outcome> findings, Set<Outcome> unseen) {

    /** A per-call timeout and a broken connection: what the machine did, not the schedule. */
    public static final Set<Outcome> MACHINE = EnumSet.of(Outcome.CALL_TIMEOUT, Outcome.CONNECTION_ERROR);

    public static Agreement of(StrategyResult race, Exploration exploration) {
        Set<Outcome> seen = EnumSet.noneOf(Outcome.class);
        for (Outcome o : Outcome.values()) {
            if (race.outcomes().get(o) > 0 && !MACHINE.contains(o)) {
                seen.add(o);
            }
        }
        Set<Outcome> possible = exploration.outcomes();
        Set<Outcome> findings = EnumSet.copyOf(seen);
        findings.removeAll(possible);
        Set<Outcome> unseen = possible.isEmpty() ? EnumSet.noneOf(Outcome.class) : EnumSet.copyOf(possible);
        unseen.removeAll(seen);
        unseen.removeAll(MACHINE);
        return new Agreement(Collections.unmodifiableSet(findings), Collections.unmodifiableSet(unseen));
    }

    public boolean agrees() {
        return findings.isEmpty();
    }
}
