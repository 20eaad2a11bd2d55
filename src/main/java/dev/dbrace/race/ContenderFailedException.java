package dev.dbrace.race;

/**
 * A contender's callers broke during a race (the user's worker exited, hung or broke the protocol):
 * the race stopped there. What it made before is verified and attached, unless it broke before
 * the first call.
 */
public final class ContenderFailedException extends RuntimeException {

    private final transient StrategyResult partial;

    ContenderFailedException(String message, StrategyResult partial, Throwable cause) {
        super(message, cause);
        this.partial = partial;
    }

    /** The verified result of the calls made before it broke; null when it broke before the first. */
    public StrategyResult partial() {
        return partial;
    }
}
