package dev.dbrace.worker;

import java.io.IOException;

/** Signals to a process started under {@code setsid}: the leader of a new session and group, whose id is its pid. */
public final class ProcessGroup {

    private ProcessGroup() {
    }

    /** Sends {@code signal} ({@code TERM}, {@code INT}, {@code KILL}) to {@code leader}'s whole group; never throws. */
    public static void signal(Process leader, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + leader.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            leader.descendants().forEach(ProcessHandle::destroyForcibly);
            if ("KILL".equals(signal)) {
                leader.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
