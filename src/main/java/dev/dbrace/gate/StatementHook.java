package dev.dbrace.gate;

/**
 * The gate's seam: sees every statement before it reaches the server (and may hold it there) and after its
 * answer has passed back. The explorer and the aligner hold statements; a recorder only listens.
 */
public interface StatementHook {

    StatementHook NONE = new StatementHook() {
    };

    /** Thrown by {@link #before}: the statement is not passed on, and the client gets an error that says why. */
    final class Refused extends RuntimeException {
        public Refused(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Called before {@code sql} is passed to the server; returning later holds the statement back, throwing
     * {@link Refused} answers it with an error instead.
     *
     * @param how {@code query}, {@code prepare} or {@code execute}, as {@link WireStatement#how()}
     */
    default void before(GateSession session, String sql, String how) throws InterruptedException {
    }

    /** Called once the statement's whole answer has passed back to the client. */
    default void after(GateSession session, WireStatement statement) {
    }
}
