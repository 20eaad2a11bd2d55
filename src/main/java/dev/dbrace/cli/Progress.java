package dev.dbrace.cli;

import dev.dbrace.race.RaceConfig;
import dev.dbrace.race.RaceRunner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Live progress while a strategy races: on a terminal one line redrawn in place a few times a
 * second; elsewhere (CI, a pipe) a plain line every few seconds. Reads only the workers' counters.
 */
final class Progress implements AutoCloseable {

    private final PrintWriter err;
    private final boolean terminal;
    private volatile RaceRunner runner;
    private final RaceConfig cfg;
    private final Thread thread;
    private final long everyMillis;
    private volatile boolean running = true;
    private volatile String label = "";
    private volatile long since = System.nanoTime();

    /** @param plainEvery how often a plain line is printed off a terminal; null for every 5 s */
    Progress(PrintWriter err, boolean terminal, RaceConfig cfg, Duration plainEvery) {
        this.err = err;
        this.terminal = terminal;
        this.everyMillis = terminal ? 250 : plainEvery == null ? 5_000 : Math.max(10, plainEvery.toMillis());
        this.cfg = cfg;
        this.thread = new Thread(this::loop, "dbrace-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** A new strategy started, raced by {@code r}. */
    void started(String what, RaceRunner r) {
        label = what;
        since = System.nanoTime();
        runner = r;
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                return;
            }
            RaceRunner r = runner;
            if (r == null || !running) {
                continue;
            }
            String line = line(r.callsSoFar(), r.anomaliesSoFar(), (System.nanoTime() - since) / 1e9);
            synchronized (err) {
                if (terminal) {
                    err.print("\r\033[K" + line);
                } else {
                    err.println(line);
                }
                err.flush();
            }
        }
    }

    String line(long calls, long anomalies, double seconds) {
        double rate = seconds > 0 ? calls / seconds : 0;
        String eta = "";
        if (cfg.duration() != null) {
            eta = String.format(Locale.ROOT, ", %.0f s left", Math.max(0, cfg.duration().toSeconds() - seconds));
        } else if (rate > 0) {
            long total = cfg.rounds() * cfg.threads();
            eta = String.format(Locale.ROOT, ", %d%%, ETA %.0f s", Math.min(100, 100 * calls / Math.max(1, total)),
                    Math.max(0, (total - calls) / rate));
        }
        return String.format(Locale.ROOT, "  %s: %d calls, %.0f calls/s, %d anomalies%s", label, calls, rate, anomalies, eta);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (terminal) {
            synchronized (err) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
