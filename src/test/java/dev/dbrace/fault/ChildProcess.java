package dev.dbrace.fault;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts dbrace in a separate JVM on the test class path, so signals and heap limits act on it alone. */
final class ChildProcess {

    private ChildProcess() {
    }

    /**
     * @param defaultSigint run the JVM with SIGINT's default disposition restored: a process started
     *                      in the background inherits "ignore SIGINT", and the JVM then never sees Ctrl-C
     */
    static Process start(Path log, List<String> jvmArgs, boolean defaultSigint, String... args) throws Exception {
        return start(log, jvmArgs, defaultSigint, false, args);
    }

    /**
     * @param ownGroup start it as the leader of a process group of its own, as a shell does with a
     *                 foreground job, so that {@link #signalGroup} reaches it the way a terminal's Ctrl-C would
     */
    static Process start(Path log, List<String> jvmArgs, boolean defaultSigint, boolean ownGroup, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        if (ownGroup) {
            cmd.add("setsid");
        }
        if (defaultSigint) {
            cmd.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "--"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseParallelGC");      // as scripts/dbrace starts dbrace
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.dbrace.cli.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Signals every process in {@code p}'s process group: what a terminal does on Ctrl-C. */
    static void signalGroup(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + p.pid()).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " -- -" + p.pid() + " failed");
        }
    }

    static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }

}
