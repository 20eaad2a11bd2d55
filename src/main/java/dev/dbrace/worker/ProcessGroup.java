package dev.dbrace.worker;

import java.io.IOException;

/** Signals to a process started under {@code setsid}: the leader of a new session and group, whose id is its pid. */
public final class ProcessGroup {

    private ProcessGroup() {
    }

    /** Sends {@code signal} ({@code TERM}, {@code INT}, {@code KILL}) to {@code leader}'s whole group; never throws. */
    public static void signal(Process leader, String signal) {
        try {
            send(leader.pid(), signal);
        } catch (IOException e) {
            leader.descendants().forEach(ProcessHandle::destroyForcibly);
            if ("KILL".equals(signal)) {
                leader.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code signal} to the process group {@code pgid}, a group dbrace did not start itself (a server that
     * a manager such as Patroni started in a session of its own).
     */
    public static void signalGroup(long pgid, String signal) throws InterruptedException {
        try {
            send(pgid, signal);
        } catch (IOException e) {
            ProcessHandle.of(pgid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static void send(long group, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, "--", "-" + group)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
