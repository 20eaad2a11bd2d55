package dev.dbrace.worker;

import java.util.List;

/**
 * Gives up the waits of a race's workers that pass their deadlines: a worker that does not answer
 * is killed, which ends the blocked read. One daemon thread per race, checking every 50 ms.
 */
final class Watchdog implements AutoCloseable {

    private static final long TICK_MILLIS = 50;

    private final Thread thread;
    private volatile boolean closed;

    Watchdog(List<WorkerProcess> processes, String name) {
        thread = new Thread(() -> {
            while (!closed) {
                long now = System.nanoTime();
                processes.forEach(p -> p.checkDeadline(now));
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "dbrace-watchdog-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
