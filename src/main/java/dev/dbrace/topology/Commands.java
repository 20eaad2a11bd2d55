package dev.dbrace.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the set-up commands a topology needs (install-db, initdb, pg_basebackup) and finds its binaries. */
final class Commands {

    private Commands() {
    }

    /**
     * Runs {@code command} to its end.
     *
     * @param runAs another user to run it as, or null
     * @param log   where its output goes; null to keep it for the error message only
     * @throws IOException when it exits with a status other than 0; the message has its last output lines
     */
    static void run(List<String> command, String runAs, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (runAs != null) {
            cmd.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        cmd.addAll(command);
        Path out = log != null ? log : Files.createTempFile("dbrace-cmd", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(Ready.BOUND.toMinutes(), TimeUnit.MINUTES)) {     // a hang guard
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + Ready.BOUND.toMinutes() + " min");
            }
            int status = p.exitValue();
            if (status != 0) {
                List<String> lines = Files.readAllLines(out);
                throw new IOException(String.join(" ", command) + " exited with " + status + ":\n  "
                        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 12), lines.size())));
            }
        } finally {
            if (log == null) {
                Files.deleteIfExists(out);
            }
        }
    }

    /** The first of {@code candidates} that is an executable file, or null. */
    static Path firstExecutable(String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
