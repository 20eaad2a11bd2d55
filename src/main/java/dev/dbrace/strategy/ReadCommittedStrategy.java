package dev.dbrace.strategy;

import dev.dbrace.db.Isolation;

/**
 * {@code read-committed} — the seed's second answer: exactly the {@link NaiveStrategy} sequence,
 * with the connection at READ COMMITTED.
 *
 * <p>Why it holds: at READ COMMITTED every plain SELECT takes a fresh read view, so the re-read
 * after the duplicate-key error sees the row the other transaction committed. (If the other
 * transaction has not committed yet, our INSERT waits on its lock and fails only after it commits,
 * so the row is committed by the time we re-read.) The cost: no repeatable reads for the rest of
 * the caller's transaction, and on MySQL statement-based binary logging is not allowed at this level.
 */
public final class ReadCommittedStrategy extends NaiveStrategy {

    @Override
    public String name() {
        return "read-committed";
    }

    @Override
    public String summary() {
        return "the naive sequence at READ COMMITTED: each re-read takes a fresh snapshot";
    }

    @Override
    public Isolation isolation() {
        return Isolation.READ_COMMITTED;
    }
}
