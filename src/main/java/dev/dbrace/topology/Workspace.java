package dev.dbrace.topology;

import dev.dbrace.db.EmbeddedShutdown;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The temporary folder and the processes of one started topology. Closing it stops the servers (last
 * started first) and deletes the folder; a shutdown hook does the same if dbrace exits without closing
 * it, after giving the owner {@link EmbeddedShutdown#GRACE} to verify and write partial results.
 */
final class Workspace implements AutoCloseable {

    /**
     * The longest Unix socket path every server here accepts. Linux's limit is 107 bytes; HAProxy binds its admin
     * socket under a temporary name ({@code <path>.<pid>.tmp}) first and refuses paths past 97, so 97 it is.
     */
    static final int SOCKET_PATH_MAX = 97;

    private final Path dir;
    private Path socketDir;
    private final List<ServerProcess> servers = new ArrayList<>();
    /** Run after the servers stopped and before the folder goes: for processes a server's manager started. */
    private final List<Runnable> sweeps = new ArrayList<>();
    /**
     * After Ctrl-C a campaign waits for the race in flight (up to a call timeout and two minutes), then catches
     * the servers up and verifies on them: the hook gives it that long before it stops them and deletes the folder.
     */
    static final long GRACE_SECONDS = 180;

    private final EmbeddedShutdown shutdown = new EmbeddedShutdown(this::closeQuietly, GRACE_SECONDS);
    private boolean closed;

    Workspace(String name) throws IOException {
        this.dir = Files.createTempDirectory(base(), "dbrace-" + name + "-");
        // servers may run as another user (postgres; rsync's SST daemon runs as nobody): they must reach their folders
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        shutdown.register(name);
    }

    Path dir() {
        return dir;
    }

    /**
     * Where the workspace goes: {@code java.io.tmpdir}, unless servers run as another user (dbrace as root) and a folder
     * on the way to it is closed to others (a clone in root's home, a {@code mktemp -d} folder: mode 700), where
     * {@code initdb} could not reach its data. Then {@code /tmp}, or a one-line refusal when that is closed too.
     */
    static Path base() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (!root() || othersReach(tmp)) {
            return tmp;
        }
        Path system = Path.of("/tmp");
        if (othersReach(system)) {
            return system;
        }
        throw new IOException("the servers run as another user (postgres, nobody) and cannot reach " + tmp + " or /tmp: "
                + "give others search permission (chmod o+x) on the folders above one of them");
    }

    /** Whether every folder from the root down to {@code dir} lets others pass (search permission for others). */
    static boolean othersReach(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A folder for the servers' Unix sockets: the workspace itself when a socket named {@code longestName}
     * fits in it, else a short folder of its own under {@code /tmp} (deleted on close). A long
     * {@code java.io.tmpdir} would otherwise stop mariadbd or postgres from starting.
     */
    synchronized Path socketDir(String longestName) throws IOException {
        if (socketDir == null) {
            if (dir.resolve(longestName).toString().length() <= SOCKET_PATH_MAX) {
                socketDir = dir;
            } else {
                socketDir = Files.createTempDirectory(Path.of("/tmp"), "dbrace-sock-");
                Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return socketDir;
    }

    /** Starts a server (see {@link ServerProcess#start}) and keeps it, to be stopped on close. */
    synchronized ServerProcess start(String name, List<String> command, String runAs, String stopSignal) throws IOException {
        ServerProcess p = ServerProcess.start(name, command, dir.resolve(name + ".log"), runAs, stopSignal);
        servers.add(p);
        return p;
    }

    /** Runs {@code sweep} on close, after the servers stopped and before the folder is deleted. */
    synchronized void beforeDelete(Runnable sweep) {
        sweeps.add(sweep);
    }

    /** Stops one server now (a clean shutdown before a copy of its data directory), and forgets it. */
    synchronized void stop(ServerProcess p) {
        p.stop();
        servers.remove(p);
    }

    /**
     * Free TCP ports on 127.0.0.1, held together while chosen so that they differ. They are taken below Linux's
     * ephemeral range (32768 and up), which outgoing connections draw from: a Galera node binds its IST and SST
     * ports only when it joins, seconds later.
     */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        Random random = new Random();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; ) {
                int candidate = 20_000 + random.nextInt(12_000);
                try {
                    ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress());
                    held.add(s);
                    ports[i++] = candidate;
                } catch (IOException taken) {
                    // in use: draw another
                }
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** True when dbrace runs as root: servers that refuse root run as their own user, and mariadbd needs --user=root. */
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Gives {@code path} (recursively) to {@code owner}, e.g. {@code postgres} or {@code nobody:nogroup}. */
    static void chown(String owner, Path path) throws IOException, InterruptedException {
        Commands.run(List.of("chown", "-R", owner, path.toString()), null, null);
    }

    private synchronized void stopAll() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).stop();
        }
        servers.clear();
    }

    /** Closes after a failed start; an error of the clean-up is kept with {@code failure}, not put in its place. */
    void closeAfter(Throwable failure) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // the JVM is exiting; the servers are stopped, only the folder may remain
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopAll();
            sweeps.forEach(Runnable::run);
        } finally {
            shutdown.closed();
            deleteTree(dir);
            if (socketDir != null && !socketDir.equals(dir)) {
                deleteTree(socketDir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
