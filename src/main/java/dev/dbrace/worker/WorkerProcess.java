package dev.dbrace.worker;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One worker's operating-system process: {@code sh -c COMMAND} in a session and process group of its
 * own (so a Ctrl-C typed at dbrace's terminal reaches dbrace alone), lines in on stdin, lines out on
 * stdout, stderr into a log file. A line awaited past its deadline is given up by the
 * {@link Watchdog}, which kills the group; the blocked read then ends.
 */
final class WorkerProcess {

    private static final int STDERR_LINES = 12;

    private final String label;
    private final Process process;
    private final Path log;
    private final BufferedWriter in;
    private final BufferedReader out;
    private volatile long deadlineNanos;
    private volatile boolean overdue;
    private volatile boolean failed;

    /**
     * @param label "worker 2 of 4 ('django')", for messages
     * @throws IOException when the process cannot be started at all
     */
    WorkerProcess(String label, String command, Map<String, String> env, Path log) throws IOException {
        this.label = label;
        this.log = log;
        ProcessBuilder pb = new ProcessBuilder("setsid", "sh", "-c", command)
                .redirectError(log.toFile());
        pb.environment().putAll(env);
        this.process = pb.start();
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    String label() {
        return label;
    }

    /** Writes one line; false when the worker no longer reads (it exited). */
    boolean send(String line) {
        try {
            in.write(line);
            in.write('\n');
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The next line the worker writes, waiting until {@code deadlineNanos} (a {@link System#nanoTime()});
     * null when it closed stdout or was overdue (see {@link #overdue()}).
     */
    String receive(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        try {
            return out.readLine();
        } catch (IOException e) {
            return null;
        } finally {
            this.deadlineNanos = 0;
        }
    }

    /**
     * Called by the watchdog: gives up a wait that passed its deadline, or whose worker has exited
     * (a child it left may still hold stdout open, so the read would not end by itself).
     */
    void checkDeadline(long nowNanos) {
        long d = deadlineNanos;
        if (d == 0 || overdue) {
            return;
        }
        if (nowNanos - d > 0) {
            overdue = true;
            kill();
        } else if (!process.isAlive()) {
            kill();
        }
    }

    /** True when the last wait was given up at its deadline. */
    boolean overdue() {
        return overdue;
    }

    /** What became of the process once a read failed: "exited with status 1", or "is still running". */
    String fate() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "exited with status " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "is still running";
    }

    /** Marks the worker as failed: its log is kept. */
    void failed() {
        failed = true;
    }

    /** True when it failed, was killed, or exited with a status other than 0. */
    boolean troubled() {
        return failed || overdue || process.isAlive() || process.exitValue() != 0;
    }

    /** True when it wrote anything on stderr: a log worth keeping when it failed. */
    boolean wroteStderr() {
        try {
            return Files.size(log) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of its stderr, indented, or a note that it wrote none. */
    String lastStderr() {
        List<String> all;
        try {
            all = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "\n  (its stderr could not be read: " + e.getMessage() + ")";
        }
        if (all.isEmpty()) {
            return "\n  (it wrote nothing on stderr)";
        }
        List<String> tail = new ArrayList<>(all.subList(Math.max(0, all.size() - STDERR_LINES), all.size()));
        StringBuilder b = new StringBuilder("\n  last lines of its stderr (" + log + "):");
        tail.forEach(l -> b.append("\n  | ").append(l));
        return b.toString();
    }

    /** Tells the worker no more calls come: stdin is closed after {@code stop}. */
    void stop(String stopLine) {
        send(stopLine);
        try {
            in.close();
        } catch (IOException ignored) {
            // it has exited already
        }
    }

    /** Waits until the process has exited, up to {@code nanos}; true when it has. */
    boolean awaitExit(long nanos) throws InterruptedException {
        return process.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** SIGTERM to the worker's whole process group. */
    void terminate() {
        signalGroup("TERM");
    }

    /** SIGKILL to the whole group and every descendant, wherever it went: nothing of the worker is left. */
    void kill() {
        signalGroup("KILL");
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void signalGroup(String signal) {
        ProcessGroup.signal(process, signal);
    }

    /** Closes dbrace's ends of the pipes. */
    void closePipes() {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
