package dev.dbrace.cli;

import dev.dbrace.explain.Explorer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Live progress while {@code explain --all} explores: runs done, classes of orders met, the rate, and how long the
 * rest of the budget would take at that rate (the depth-first search may finish sooner; how much sooner is not known).
 * On a terminal one line redrawn in place; elsewhere a plain line every few seconds, the first after a few seconds.
 */
final class ExploreProgress implements AutoCloseable {

    private final PrintWriter err;
    private final boolean terminal;
    private final Explorer explorer;
    private final long budget;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean printed;

    ExploreProgress(PrintWriter err, boolean terminal, Explorer explorer, long budget) {
        this.err = err;
        this.terminal = terminal;
        this.explorer = explorer;
        this.budget = budget;
        this.thread = new Thread(this::loop, "dbrace-explore-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long every = terminal ? 250 : 5_000;
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;
            }
            String line = line(explorer.runsSoFar(), explorer.classesSoFar(), explorer.sampling(),
                    (System.nanoTime() - startNanos) / 1e9);
            synchronized (err) {
                err.print(terminal ? "\r\033[K" + line : line + "\n");
                err.flush();
                printed = true;
            }
        }
    }

    String line(long runs, long classes, boolean sampling, double seconds) {
        double rate = seconds > 0 ? runs / seconds : 0;
        String left = rate > 0 ? String.format(Locale.ROOT, "; budget: %d runs left, at most %.0f s at this rate",
                budget - runs, Math.max(0, (budget - runs) / rate)) : "";
        return String.format(Locale.ROOT, "  explain --all: %d runs, %d classes of orders, %.0f runs/s%s%s", runs, classes,
                rate, sampling ? ", sampling (PCT)" : ", depth-first", left);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (terminal && printed) {
            synchronized (err) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
