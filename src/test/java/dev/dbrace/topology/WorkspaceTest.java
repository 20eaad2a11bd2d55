package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topology's folder must be reachable by the servers' own users (postgres, nobody) when dbrace runs as root: a folder
 * closed to others on the way (a clone in root's home, a {@code mktemp -d} folder) sends it to {@code /tmp}.
 */
class WorkspaceTest {

    @TempDir
    Path dir;

    @Test
    void aFolderClosedToOthersOnTheWayIsSeen() throws Exception {
        Path closed = Files.createDirectory(dir.resolve("private"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path inside = Files.createDirectory(closed.resolve("tmp"));
        Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Workspace.othersReach(inside)).isFalse();
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx--x--x"));
        assertThat(Workspace.othersReach(inside)).isEqualTo(Workspace.othersReach(dir));
        assertThat(Workspace.othersReach(Path.of("/tmp"))).isTrue();
    }

    @Test
    void asRootTheWorkspaceGoesWhereOthersReachIt() throws Exception {
        Path closed = Files.createDirectory(dir.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", closed.toString());
        try {
            Path base = Workspace.base();
            assertThat(Workspace.othersReach(base) || !Workspace.root()).as(base.toString()).isTrue();
            assertThat(base).isEqualTo(Workspace.root() ? Path.of("/tmp") : closed);
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }

    /**
     * CI's clone lives deeper than a developer's, and HAProxy refused its admin socket there ("too long (max 97)"):
     * a socket path of 97 bytes stays in the workspace, one of 98 goes to a short folder deleted with it.
     */
    @Test
    void aSocketPathPastHaproxysLimitGoesToAShortFolder() throws Exception {
        for (int length : new int[] {Workspace.SOCKET_PATH_MAX, Workspace.SOCKET_PATH_MAX + 1}) {
            try (Workspace ws = new Workspace("s")) {
                int pad = length - ws.dir().toString().length() - 1;
                assertThat(pad).as("the workspace's own path is short enough for this test: " + ws.dir()).isPositive();
                Path sockets = ws.socketDir("x".repeat(pad));
                if (length <= Workspace.SOCKET_PATH_MAX) {
                    assertThat(sockets).isEqualTo(ws.dir());
                } else {
                    assertThat(sockets).isNotEqualTo(ws.dir());
                    assertThat(sockets.resolve("haproxy.sock").toString().length()).isLessThanOrEqualTo(Workspace.SOCKET_PATH_MAX);
                    ws.close();
                    assertThat(Files.exists(sockets)).as("the short folder is deleted with the workspace").isFalse();
                }
            }
        }
    }
}
