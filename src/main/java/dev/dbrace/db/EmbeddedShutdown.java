package dev.dbrace.db;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A shutdown hook for an embedded server that waits for its owner: on Ctrl-C or SIGTERM, dbrace's
 * own hook stops the race and lets the main thread verify, write the partial results and close the
 * server. Only if that has not happened within {@link #GRACE} does this hook stop the server itself,
 * so no server process outlives the JVM.
 */
public final class EmbeddedShutdown {

    static final long GRACE = 40;

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Runnable stop;
    private final long graceSeconds;

    public EmbeddedShutdown(Runnable stop) {
        this(stop, GRACE);
    }

    /** @param graceSeconds how long the owner may take to close it first */
    public EmbeddedShutdown(Runnable stop, long graceSeconds) {
        this.stop = stop;
        this.graceSeconds = graceSeconds;
    }

    public void register(String name) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (!closed.await(graceSeconds, TimeUnit.SECONDS)) {
                    stop.run();
                }
            } catch (InterruptedException e) {
                stop.run();
            }
        }, "dbrace-stop-" + name));
    }

    /** The owner closed the server; the hook has nothing left to do. */
    public void closed() {
        closed.countDown();
    }
}
