package dev.dbrace.strategy;

import dev.dbrace.outcome.DbError;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code retry} — the seed's third answer: run the {@link NaiveStrategy} sequence, and when it ends
 * in DoesNotExist, an escaped IntegrityError, a deadlock or a serialization failure, roll back,
 * sleep a short jittered backoff and run it again, up to {@code --max-retries} times.
 *
 * <pre>
 * attempt:  [the naive sequence] … COMMIT                    (created / found)
 *   DoesNotExist | 1062/23505 | 1213/40P01 | 40001/1020:
 * ROLLBACK                                                   -- also undoes the caller's earlier work
 * sleep U(0, 2^attempt ms)
 * attempt again (a new transaction, so a new snapshot)
 * </pre>
 *
 * <p>Why it holds: the retry starts a new transaction whose first SELECT sees the committed row.
 * The cost: the caller's whole transaction is rolled back and redone, the latency of the losers
 * grows by a round trip plus the backoff, and the retries are counted per call so the report shows
 * how often it was needed. Lock-wait timeouts and broken connections are not retried.
 */
public final class RetryStrategy implements Strategy {

    private final int maxRetries;

    public RetryStrategy(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max retries must be 0 or more, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean readsFirst() {
        return true;
    }

    @Override
    public String name() {
        return "retry";
    }

    @Override
    public String summary() {
        return "the naive sequence; on DoesNotExist, IntegrityError, deadlock or serialization failure: "
                + "rollback, jittered backoff, try again (--max-retries)";
    }

    @Override
    public CallResult call(Session s, Key key, boolean state) throws SQLException, DoesNotExistException {
        for (int attempt = 0; ; attempt++) {
            try {
                return new NaiveStrategy().call(s, key, state);
            } catch (DoesNotExistException e) {
                if (attempt >= maxRetries) {
                    throw e;
                }
            } catch (SQLException e) {
                DbError kind = s.classify(e);
                boolean transient_ = kind == DbError.DUPLICATE_KEY || kind == DbError.DEADLOCK || kind == DbError.CERTIFICATION_FAILURE
                        || kind == DbError.SERIALIZATION_FAILURE;
                if (!transient_ || attempt >= maxRetries) {
                    throw e;
                }
            }
            s.rollback();
            s.noteRetry();
            backoff(attempt);
        }
    }

    private static void backoff(int attempt) {
        long capMicros = 1000L << Math.min(attempt, 6);
        long micros = ThreadLocalRandom.current().nextLong(capMicros + 1);
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
