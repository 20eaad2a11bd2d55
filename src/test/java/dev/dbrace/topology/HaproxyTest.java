package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.support.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HAProxy head dbrace writes, checked by HAProxy itself ({@code haproxy -c}): no server needs to start. */
class HaproxyTest {

    @TempDir
    Path dir;

    /** The workspace's socket limit is HAProxy's: an admin socket path of exactly that length is accepted, one more is not. */
    @Test
    void haproxyAcceptsAnAdminSocketPathAtTheWorkspacesLimitAndNoLonger() throws Exception {
        Path haproxy = Tools.require("/usr/sbin/haproxy", "Debian's haproxy checks the configuration dbrace writes");
        assertThat(check(haproxy, Workspace.SOCKET_PATH_MAX)).as("a path of the limit's length").contains("valid");
        assertThat(check(haproxy, Workspace.SOCKET_PATH_MAX + 1)).as("a path one longer").contains("too long");
    }

    private String check(Path haproxy, int socketPathLength) throws Exception {
        Path sockets = Path.of("/tmp").resolve("h".repeat(socketPathLength - "/tmp/".length() - "/haproxy.sock".length()));
        Path cfg = dir.resolve("haproxy-" + socketPathLength + ".cfg");
        String head = Haproxy.head(10, sockets.resolve("haproxy.sock"));
        assertThat(sockets.resolve("haproxy.sock").toString()).hasSize(socketPathLength);
        Files.writeString(cfg, head);
        Process p = new ProcessBuilder(haproxy.toString(), "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return printed;
    }
}
