package dev.dbrace.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statement gate for PostgreSQL's frontend/backend protocol. A simple Query is one statement; the extended
 * protocol's messages (Parse, Bind, Describe, Execute, Close, Flush) are gathered up to their Sync and passed as
 * one step, each Execute recorded as a statement of its own with its answer (pgJDBC sends its BEGIN in the same
 * batch as the first query; the step's text leaves the BEGIN out). The server's pid from BackendKeyData names the
 * session. A request for TLS or GSS encryption is answered "no", so the client speaks in the clear (or gives up,
 * if it insists); COPY from the client is refused in one line; authentication is passed through.
 */
public final class PostgresGate extends LoopbackGate {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private PostgresGate(String host, int port, StatementHook hook) throws IOException {
        super(host, port, hook);
    }

    /** Opens a gate on a free loopback port in front of the server at {@code host:port}. */
    public static PostgresGate open(String host, int port, StatementHook hook) throws IOException {
        return new PostgresGate(host, port, hook);
    }

    @Override
    void converse(InputStream fromClient, OutputStream toClient, InputStream fromServer, OutputStream toServer)
            throws IOException, InterruptedException {
        PgMessage startup = PgMessage.readStartup(fromClient);
        while (startup.int32(0) == SSL_REQUEST || startup.int32(0) == GSS_REQUEST) {
            toClient.write('N');
            toClient.flush();
            startup = PgMessage.readStartup(fromClient);
        }
        startup.write(toServer);
        toServer.flush();
        if (startup.int32(0) == CANCEL_REQUEST) {
            return;                                         // the server closes a cancel request's connection
        }
        GateSession session = authenticate(fromClient, toClient, fromServer, toServer);
        if (session == null) {
            return;
        }
        Map<String, String> prepared = new HashMap<>();
        while (true) {
            List<PgMessage> batch = new ArrayList<>();
            PgMessage m = PgMessage.read(fromClient);
            batch.add(m);
            if (m.type() == 'X') {
                m.write(toServer);
                toServer.flush();
                return;
            }
            List<String> executes = new ArrayList<>();
            String how = "query";
            if (m.type() == 'Q') {
                executes.add(m.cstring(new int[] {0}));
            } else {
                how = "execute";
                Map<String, String> portals = new HashMap<>();
                PgMessage cur = m;
                while (true) {
                    note(cur, prepared, portals, executes);
                    if (cur.type() == 'S') {
                        break;
                    }
                    cur = PgMessage.read(fromClient);
                    batch.add(cur);
                }
            }
            String step = stepText(executes);
            if (executes.size() > 1 && executes.get(0).trim().equalsIgnoreCase("BEGIN")) {
                session.status(GateSession.Status.BEGUN);      // the step's statements run in the transaction it opens
            }
            if (!step.isEmpty()) {
                try {
                    hook.before(session, step, how);
                } catch (StatementHook.Refused r) {
                    PgMessage.refusal(r.getMessage()).write(toClient);
                    readyForQuery(toClient);
                    toClient.flush();
                    continue;
                }
            }
            long start = System.nanoTime();
            for (PgMessage b : batch) {
                b.write(toServer);
            }
            toServer.flush();
            answers(session, executes, how, start, fromServer, toClient, fromClient, toServer);
            toClient.flush();
        }
    }

    /** Passes the authentication exchange through; the session is named by BackendKeyData's pid. */
    private GateSession authenticate(InputStream fromClient, OutputStream toClient, InputStream fromServer,
                                     OutputStream toServer) throws IOException {
        long pid = 0;
        while (true) {
            PgMessage m = PgMessage.read(fromServer);
            m.write(toClient);
            switch (m.type()) {
                case 'R' -> {
                    int kind = m.int32(0);
                    if (kind != 0 && kind != 12) {          // not Ok, not SASLFinal: the client answers
                        toClient.flush();
                        PgMessage answer = PgMessage.read(fromClient);
                        answer.write(toServer);
                        toServer.flush();
                    }
                }
                case 'K' -> pid = m.int32(0) & 0xFFFFFFFFL;
                case 'E' -> {
                    toClient.flush();
                    return null;
                }
                case 'Z' -> {
                    toClient.flush();
                    GateSession s = begin(pid);
                    s.status(GateSession.Status.IDLE);
                    return s;
                }
                default -> {
                    // ParameterStatus, NoticeResponse: passed on
                }
            }
        }
    }

    /** What an extended-protocol message adds to the batch: a named statement's text, a portal, an Execute. */
    private static void note(PgMessage m, Map<String, String> prepared, Map<String, String> portals, List<String> executes) {
        int[] at = {0};
        switch (m.type()) {
            case 'P' -> {
                String name = m.cstring(at);
                prepared.put(name, m.cstring(at));
            }
            case 'B' -> {
                String portal = m.cstring(at);
                portals.put(portal, prepared.getOrDefault(m.cstring(at), "(unknown statement)"));
            }
            case 'E' -> executes.add(portals.getOrDefault(m.cstring(at), "(unknown portal)"));
            default -> {
                // Describe, Close, Flush, Sync: nothing to note
            }
        }
    }

    /** The step's text: its statements without a leading BEGIN (pgJDBC's own, sent in the batch of the first query). */
    static String stepText(List<String> executes) {
        List<String> shown = new ArrayList<>(executes);
        if (shown.size() > 1 && shown.get(0).trim().equalsIgnoreCase("BEGIN")) {
            shown.remove(0);
        }
        return String.join("; ", shown);
    }

    /** Relays the server's answers up to ReadyForQuery, recording one statement per Execute (or the Query). */
    private void answers(GateSession session, List<String> executes, String how, long start, InputStream fromServer,
                         OutputStream toClient, InputStream fromClient, OutputStream toServer) throws IOException {
        int next = 0;
        long rows = 0;
        while (true) {
            PgMessage m = PgMessage.read(fromServer);
            switch (m.type()) {
                case 'D' -> rows++;
                case 'C' -> {
                    String tag = m.cstring(new int[] {0});
                    record(session, executes, next++, how, ok(tag, rows), start);
                    rows = 0;
                }
                case 'I' -> record(session, executes, next++, how, Answer.ok(0), start);
                case 'E' -> {
                    record(session, executes, next, how, m.error(), start);
                    next = executes.size();               // the server skips the rest of the batch
                }
                case 'G' -> {                             // CopyInResponse: the client would send a file
                    PgMessage.refusal("COPY FROM STDIN is not supported").write(toClient);
                    new PgMessage('f', "dbrace gate: COPY FROM STDIN is not supported\0".getBytes(
                            StandardCharsets.UTF_8)).write(toServer);
                    toServer.flush();
                    continue;
                }
                default -> {
                    // ParseComplete, BindComplete, RowDescription, NoData, notices: passed on
                }
            }
            if (m.type() == 'Z') {
                session.status(m.body().length > 0 && m.body()[0] == 'I' ? GateSession.Status.IDLE : GateSession.Status.OPEN);
                m.write(toClient);
                return;
            }
            m.write(toClient);
        }
    }

    private void record(GateSession session, List<String> executes, int i, String how, Answer a, long start) {
        if (i < executes.size()) {
            answered(session, new WireStatement(session.serverSession(), executes.get(i), how, a, start,
                    System.nanoTime() - start, GateSession.Status.UNKNOWN));
        }
    }

    /** A CommandComplete tag as an answer: {@code SELECT 2} two rows, {@code INSERT 0 1} one row affected. */
    static Answer ok(String tag, long rows) {
        String[] w = tag.split(" ");
        long n = 0;
        try {
            n = w.length > 1 ? Long.parseLong(w[w.length - 1]) : 0;
        } catch (NumberFormatException ignored) {
            // a tag without a count
        }
        if (w[0].equals("SELECT") || w[0].equals("FETCH")) {
            return Answer.rows(rows);
        }
        return Answer.tagged(tag, n);
    }

    private static void readyForQuery(OutputStream toClient) throws IOException {
        new PgMessage('Z', new byte[] {'E'}).write(toClient);
    }
}
