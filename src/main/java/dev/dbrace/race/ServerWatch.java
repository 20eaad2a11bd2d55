package dev.dbrace.race;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notices when the server has gone away for good: reconnect attempts that fail one after another,
 * with none succeeding in between, past a bound. A killed connection or a restart is survived (the
 * pool reconnects and the next attempt succeeds); a dead server ends the strategy with a clear
 * reason instead of failing every call until the rounds run out.
 */
public final class ServerWatch {

    private final int bound;
    private final Runnable onGone;
    private final AtomicInteger failedInARow = new AtomicInteger();
    private volatile SQLException last;

    /** @param bound failed reconnects in a row that mean the server is gone */
    public ServerWatch(int bound, Runnable onGone) {
        this.bound = bound;
        this.onGone = onGone;
    }

    public void lost(SQLException e) {
        last = e;
        if (failedInARow.incrementAndGet() == bound) {
            onGone.run();
        }
    }

    public void reconnected() {
        failedInARow.set(0);
    }

    boolean gone() {
        return failedInARow.get() >= bound;
    }

    SQLException lastError() {
        return last;
    }
}
