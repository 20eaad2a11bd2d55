package dev.dbrace.topology;

import dev.dbrace.worker.ProcessGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One database server process dbrace started for a topology: in a session and process group of its
 * own ({@code setsid}), so that a Ctrl-C at the terminal reaches dbrace and not the servers (dbrace
 * still needs them to verify), with its output in a log file. Stopped by signalling its group.
 */
final class ServerProcess {

    /** How long a server may take to stop cleanly before it is killed: a hang guard. */
    static final long STOP_BOUND_SECONDS = 60;

    private final String name;
    private final Process process;
    private final Path log;
    private final String stopSignal;

    private ServerProcess(String name, Process process, Path log, String stopSignal) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stopSignal = stopSignal;
    }

    /**
     * @param runAs      the user to run it as ({@code postgres}, which refuses root), or null for dbrace's own
     * @param stopSignal the signal that stops it cleanly and quickly ({@code TERM} for mariadbd, {@code INT} for postgres)
     */
    static ServerProcess start(String name, List<String> command, Path log, String runAs, String stopSignal) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        if (runAs != null) {
            cmd.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(name, p, log, stopSignal);
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The last lines of its log, for an error message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops it cleanly and waits for it to exit; kills its group if it has not within the bound. Never throws. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        signalGroup(stopSignal);
        try {
            if (!process.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS)) {
                signalGroup("KILL");
                process.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            signalGroup("KILL");
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL of its whole group, as a machine dies: no clean shutdown. Waits for it to be gone. Never throws. */
    void kill() throws InterruptedException {
        signalGroup("KILL");
        process.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private void signalGroup(String signal) {
        ProcessGroup.signal(process, signal);
    }
}
