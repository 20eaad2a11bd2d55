package dev.dbrace.strategy;

import dev.dbrace.outcome.Outcome;

/** What a successful call returned: {@link Outcome#CREATED} or {@link Outcome#FOUND}, and the row's id. */
public record CallResult(Outcome outcome, long id) {

    public static CallResult created(long id) {
        return new CallResult(Outcome.CREATED, id);
    }

    public static CallResult found(long id) {
        return new CallResult(Outcome.FOUND, id);
    }
}
