package dev.dbrace.worker;

import dev.dbrace.db.Endpoint;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.gate.Gate;
import dev.dbrace.gate.StatementHook;
import dev.dbrace.race.AlignAt;
import dev.dbrace.race.AlignedHook;
import dev.dbrace.race.Aligner;
import dev.dbrace.race.Arena;
import dev.dbrace.race.Caller;
import dev.dbrace.race.Contender;
import dev.dbrace.race.GatedContender;
import dev.dbrace.race.Ground;
import dev.dbrace.race.RaceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The user's own code as a contender: {@code sh -c COMMAND}, one process per racing thread, driven
 * over the worker protocol (see {@link Protocol}). Each race gets fresh processes. The worker owns
 * its connection; dbrace owns the tables and tells the worker their names.
 *
 * <pre>{@code
 * Contender django = new WorkerCommand("django", "/usr/bin/python3 examples/django/worker.py");
 * }</pre>
 */
public final class WorkerCommand implements GatedContender {

    /** How long a worker may take to connect and say {@code ready}. */
    static final long READY_BOUND_SECONDS = 60;
    /** What a call may take beyond --call-timeout before its worker counts as hung. */
    static final long ANSWER_MARGIN_SECONDS = 5;
    /** How long workers get to exit after {@code stop}, and again after SIGTERM. */
    static final long GRACE_SECONDS = 5;

    private final String name;
    private final String command;
    /** The team's own table it races on, or null for dbrace's. */
    private final WorkerTable table;

    public WorkerCommand(String name, String command) {
        this(name, command, null);
    }

    /** @param table the team's own table to race on ({@code --table}); null for dbrace's */
    public WorkerCommand(String name, String command, WorkerTable table) {
        this.name = name;
        this.command = command;
        this.table = table;
    }

    /** On the team's own table, told in the hello and verified after the race; dbrace's own otherwise. */
    @Override
    public Ground ground(Target target, Schema schema) {
        return table == null ? GatedContender.super.ground(target, schema) : table.ground(target);
    }

    @Override
    public boolean racesOn(Ground ground) {
        return table == null ? ground.dbraces() : ground.table().equals(table.name());
    }

    @Override
    public String name() {
        return name;
    }

    public String command() {
        return command;
    }

    /**
     * A name from the command: its first argument that names a file with an extension, without the
     * folder and extension ({@code python3 examples/django/worker.py} → {@code worker}), else its first
     * word's file name.
     */
    public static String defaultName(String command) {
        String[] words = command.trim().split("\\s+");
        for (int i = 1; i < words.length; i++) {
            String base = words[i].substring(words[i].lastIndexOf('/') + 1);
            int dot = base.lastIndexOf('.');
            if (!words[i].startsWith("-") && dot > 0 && dot < base.length() - 1) {
                return base.substring(0, dot);
            }
        }
        return words[0].substring(words[0].lastIndexOf('/') + 1);
    }

    @Override
    public String summary() {
        return "your code: sh -c '" + command + "'" + (table == null ? "" : " on " + table.name());
    }

    @Override
    public Lineup open(Arena arena) throws SQLException, Caller.Broken, InterruptedException {
        return open(arena, null);
    }

    /**
     * The workers, each with its own gate when {@link RaceConfig#gate()}: {@code hooks} (one per worker) see their
     * statements; null gives an aimed race's barrier, or nothing in a free race.
     */
    @Override
    public Lineup open(Arena arena, List<StatementHook> hooks)
            throws SQLException, Caller.Broken, InterruptedException {
        RaceConfig cfg = arena.config();
        Path logs = logDirectory();
        List<WorkerProcess> processes = new ArrayList<>();
        Watchdog watchdog = new Watchdog(processes, name);
        Closer closer = new Closer(processes, watchdog, logs);
        try {
            Target t = arena.target();
            Map<String, String> env = t.password().isEmpty() ? Map.of() : Map.of("DBRACE_PASSWORD", t.password());
            for (int i = 0; i < cfg.threads(); i++) {
                String label = "worker " + i + " of " + cfg.threads() + " ('" + name + "')";
                try {
                    processes.add(new WorkerProcess(label, command, env, logs.resolve("worker-" + i + ".log")));
                } catch (IOException e) {
                    throw new Caller.Broken(label + " could not be started: " + e.getMessage(), e);
                }
            }
            List<Aligner.Passage> passages = new ArrayList<>();
            for (int i = 0; i < cfg.threads(); i++) {
                passages.add(arena.aligner().passage());
            }
            List<StatementHook> seeing = new ArrayList<>();
            for (int i = 0; i < cfg.threads(); i++) {
                seeing.add(hooks != null ? hooks.get(i) : cfg.alignAt() == AlignAt.FREE ? StatementHook.NONE
                        : new AlignedHook(passages.get(i), arena.ground().table()));
            }
            List<Gate> gates = cfg.gate() ? gates(arena, seeing) : List.of();
            closer.gates(gates);
            for (int i = 0; i < processes.size(); i++) {
                processes.get(i).send(Protocol.hello(hello(arena, i, gates.isEmpty() ? null : gates.get(i))));
            }
            List<ProcessCaller> callers = new ArrayList<>();
            String isolation = null;
            long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_BOUND_SECONDS);
            long answerBound = cfg.callTimeout().toNanos() + TimeUnit.SECONDS.toNanos(ANSWER_MARGIN_SECONDS);
            String bound = cfg.callTimeout().toMillis() + " ms (--call-timeout) + " + ANSWER_MARGIN_SECONDS + " s";
            for (int i = 0; i < processes.size(); i++) {
                WorkerProcess p = processes.get(i);
                Protocol.Ready ready = ready(p, readyBy, cfg.priorRead());
                isolation = isolation != null ? isolation : ready.isolation();
                callers.add(new ProcessCaller(p, arena.ground(), arena.dialect(), arena.samples(), answerBound, bound,
                        gates.isEmpty() ? null : gates.get(i), passages.get(i)));
            }
            // a worker's connection is its own: the settings are told in the hello, and reported as asked
            return new Lineup(callers, isolation == null ? "unknown" : isolation, cfg.settings().values(), closer);
        } catch (Caller.Broken | RuntimeException e) {
            processes.forEach(p -> p.stop(Protocol.STOP));
            closer.close();
            throw e;
        }
    }

    /**
     * One gate per worker, in front of its node: every connection through a worker's gate is that worker's, so
     * each statement belongs to the call the worker is making.
     */
    private static List<Gate> gates(Arena arena, List<StatementHook> hooks)
            throws Caller.Broken {
        Target t = arena.target();
        List<Gate> gates = new ArrayList<>();
        try {
            for (int i = 0; i < arena.config().threads(); i++) {
                Endpoint e = t.nodeOf(i).endpoint();
                gates.add(Gate.open(e.family(), e.host(), e.port(), hooks.get(i)));
            }
            return gates;
        } catch (IOException e) {
            gates.forEach(g -> {
                try {
                    g.close();
                } catch (IOException ignored) {
                    // closing what was opened
                }
            });
            throw new Caller.Broken("the statement gate could not listen on a loopback port: " + e.getMessage(), e);
        }
    }

    private Protocol.Hello hello(Arena arena, int i, Gate gate) throws SQLException {
        Target t = arena.target();
        Ground g = arena.ground();
        Endpoint node = t.nodeOf(i).endpoint();
        Endpoint through = gate == null ? node
                : new Endpoint(node.family(), "127.0.0.1", gate.port(), node.database());
        return new Protocol.Hello(i, arena.config().threads(), through,
                t.reads().map(Target::endpoint).orElse(null), arena.dialect().product(),
                arena.dialect().version(), t.user(),
                g.dbraces() ? Map.of("myobj", arena.schema().myobj(), "thing", arena.schema().thing(), "owner",
                        arena.schema().owner()) : Map.of(),
                new Protocol.Table(g.table(), g.keyColumns(), g.idColumn(), !g.dbraces()), arena.isolation(), arena.config().callTimeout().toMillis(), arena.config().priorRead(),
                arena.config().settings().values(), gate != null);
    }

    /** Waits for a worker's {@code ready}; refuses one that broke, hung, or declined what the race needs. */
    private static Protocol.Ready ready(WorkerProcess p, long readyBy, boolean priorRead) throws Caller.Broken {
        String line = p.receive(readyBy);
        try {
            if (line == null) {
                throw new Caller.Broken(p.label() + (p.overdue()
                        ? " was not ready within " + READY_BOUND_SECONDS + " s; it was killed"
                        : " " + p.fate() + " before saying ready") + p.lastStderr());
            }
            Protocol.Ready ready;
            try {
                ready = Protocol.ready(line);
            } catch (Protocol.Violation v) {
                throw new Caller.Broken(p.label() + " broke the protocol instead of saying ready: " + v.getMessage()
                        + p.lastStderr());
            }
            if (priorRead && ready.unsupported().contains("prior_read")) {
                throw new Caller.Broken(p.label() + " does not support --prior-read (its ready says so); "
                        + "race it without --prior-read");
            }
            return ready;
        } catch (Caller.Broken b) {
            p.failed();
            throw b;
        }
    }

    private Path logDirectory() {
        try {
            return Files.createTempDirectory("dbrace-workers-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for the workers' stderr logs: " + e.getMessage(), e);
        }
    }

    /**
     * Ends a race's workers: waits for them to exit after {@code stop}, then SIGTERM, then SIGKILL,
     * and SIGKILL to each process group anyway, so nothing they started is left behind. Their logs
     * are deleted unless one of them failed and wrote on stderr (its message names the log).
     */
    private record Closer(List<WorkerProcess> processes, Watchdog watchdog, Path logs,
                          List<Gate> gates) implements AutoCloseable {

        Closer(List<WorkerProcess> processes, Watchdog watchdog, Path logs) {
            this(processes, watchdog, logs, new ArrayList<>());
        }

        /** The workers' gates, closed after the workers. */
        void gates(List<Gate> opened) {
            gates.addAll(opened);
        }

        @Override
        public void close() {
            try {
                long by = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
                List<WorkerProcess> left = new ArrayList<>();
                for (WorkerProcess p : processes) {
                    if (!p.awaitExit(by - System.nanoTime())) {
                        left.add(p);
                    }
                }
                left.forEach(WorkerProcess::terminate);
                long termBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
                for (WorkerProcess p : left) {
                    p.awaitExit(termBy - System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                processes.forEach(WorkerProcess::kill);
                processes.forEach(WorkerProcess::closePipes);
                watchdog.close();
                for (Gate g : gates) {
                    try {
                        g.close();
                    } catch (IOException ignored) {
                        // a loopback listener; it goes with the process anyway
                    }
                }
                if (processes.stream().noneMatch(p -> p.troubled() && p.wroteStderr())) {
                    deleteQuietly(logs);            // kept only where a failed worker's stderr says something
                }
            }
        }

        private static void deleteQuietly(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory; the system cleans it eventually
            }
        }
    }
}
