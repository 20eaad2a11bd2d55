package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.CallResult;
import dev.dbrace.strategy.DoesNotExistException;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.Session;
import dev.dbrace.strategy.Strategy;
import java.sql.SQLException;

/** One session's call in a replay or an exploration: what its caller saw, with the failure recorded as an event. */
final class ReplayedCall {

    /** @param id the row's id when the call returned one; 0 otherwise */
    record Result(Outcome outcome, long id) {
    }

    private ReplayedCall() {
    }

    /**
     * Makes the call; on a failure records what the caller sees and runs {@code rollback}, as a caller's
     * exception handler would.
     */
    static Result run(int no, Session session, Strategy strategy, Key key, boolean state, Recorder recorder,
                      Runnable rollback) {
        try {
            CallResult r = strategy.call(session, key, state);
            return new Result(r.outcome(), r.id());
        } catch (DoesNotExistException e) {
            recorder.event(no, "DoesNotExist raised to the caller");
            rollback.run();
            return new Result(Outcome.DOES_NOT_EXIST, 0);
        } catch (SQLException e) {
            Outcome o = Outcome.of(session.classify(e));
            recorder.event(no, "the caller sees " + o.key() + " (" + Recorder.code(e) + ")");
            rollback.run();
            return new Result(o, 0);
        } catch (RuntimeException e) {
            recorder.event(no, "the caller sees " + e);
            rollback.run();
            return new Result(Outcome.OTHER, 0);
        }
    }

    /** Rolls {@code session} back; the failed statement may have ended the transaction already. */
    static void rollback(Session session) {
        try {
            session.rollback();
        } catch (SQLException ignored) {
            // nothing left to roll back; the failure is recorded
        }
    }
}
