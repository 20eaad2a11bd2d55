package dev.dbrace.topology;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HAProxy a failover topology puts in front of its servers: the configuration's common head (TCP, logs on
 * stderr, an admin socket) and the admin socket's two uses, reading each server's state and changing it.
 */
final class Haproxy {

    private Haproxy() {
    }

    /** {@code global} and {@code defaults}: TCP, the log on stderr (the process's log file), the admin socket. */
    static String head(int maxConnections, Path admin) {
        return String.join("\n",
                "global",
                "  maxconn " + (4 * maxConnections),
                "  log stderr format raw local0 notice",
                "  stats socket " + admin + " mode 600 level admin",
                "defaults",
                "  log global",
                "  mode tcp",
                "  timeout connect 2s",
                "  timeout client 60m",
                "  timeout server 60m",
                "  timeout check 2s",
                "");
    }

    /** One command on the admin socket, and its answer. */
    static String command(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            StringBuilder out = new StringBuilder();
            while (ch.read(buf) > 0) {
                buf.flip();
                out.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
            }
            return out.toString();
        }
    }

    /**
     * Each server of {@code proxy} and its state in {@code show stat} (field 18): UP, DOWN, MAINT, or a server on its
     * way, "UP 1/3", which still takes sessions.
     */
    static Map<String, String> states(Path socket, String proxy) throws IOException {
        Map<String, String> states = new LinkedHashMap<>();
        for (String line : command(socket, "show stat").split("\n")) {
            String[] f = line.split(",");
            if (f.length > 17 && f[0].equals(proxy) && !f[1].equals("FRONTEND") && !f[1].equals("BACKEND")) {
                states.put(f[1], f[17]);
            }
        }
        return states;
    }
}
