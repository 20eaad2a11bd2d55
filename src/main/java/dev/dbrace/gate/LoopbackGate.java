package dev.dbrace.gate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every gate shares, whatever the protocol: the loopback listener, a thread per client connection with its
 * own connection to the server, the sessions, the log of statements across them, and closing it all. A
 * protocol's gate says how one conversation goes ({@link #converse}).
 */
abstract class LoopbackGate implements Gate {

    private final String host;
    private final int targetPort;
    final StatementHook hook;
    private final ServerSocket listener;
    private final List<GateSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** The statements through the gate since the last {@link #drain}, across its sessions, in answer order. */
    private final List<WireStatement> log = new ArrayList<>();

    LoopbackGate(String host, int targetPort, StatementHook hook) throws IOException {
        this.host = host;
        this.targetPort = targetPort;
        this.hook = hook;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "dbrace-gate-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** One client's conversation with the server, until either side ends it. */
    abstract void converse(InputStream fromClient, OutputStream toClient, InputStream fromServer, OutputStream toServer)
            throws IOException, InterruptedException;

    /** A new session, named by the server's id of it. */
    final GateSession begin(long serverSession) {
        GateSession s = new GateSession(serverSession);
        sessions.add(s);
        return s;
    }

    /** Records a statement and shows it to the hook: before its answer is flushed to the client. */
    final void answered(GateSession session, WireStatement s) {
        session.add(s);
        synchronized (log) {
            log.add(s);
        }
        hook.after(session, s);
    }

    @Override
    public final int port() {
        return listener.getLocalPort();
    }

    @Override
    public final List<WireStatement> drain() {
        synchronized (log) {
            List<WireStatement> out = List.copyOf(log);
            log.clear();
            return out;
        }
    }

    @Override
    public final List<GateSession> sessions() {
        return List.copyOf(sessions);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "dbrace-gate-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;                                     // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket server = new Socket(host, targetPort)) {
            open.add(server);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            converse(new BufferedInputStream(client.getInputStream()), new BufferedOutputStream(client.getOutputStream()),
                    new BufferedInputStream(server.getInputStream()), new BufferedOutputStream(server.getOutputStream()));
        } catch (IOException e) {
            // the client or the server went away: the session ends with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    @Override
    public final void close() throws IOException {
        listener.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
