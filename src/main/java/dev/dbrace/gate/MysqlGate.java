package dev.dbrace.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The statement gate for the MySQL/MariaDB client protocol: a listener on a loopback port that passes every
 * client's traffic through to the real server, one statement at a time, and hands each statement to a
 * {@link StatementHook} before it reaches the server and after its answer has passed back. Authentication is
 * passed through untouched. The server's offer of TLS, compression and a few extensions that would change the
 * packets' shape is taken out of its greeting, so clients speak the plain protocol; {@code COM_CHANGE_USER} and
 * {@code LOAD DATA LOCAL} are refused with an error that names them. Each client connection is one
 * {@link GateSession}, named by the connection id the server's greeting carries.
 */
public final class MysqlGate extends LoopbackGate {

    // capability flags (the greeting's lower and upper 16 bits)
    private static final int COMPRESS = 0x20;
    private static final int LOCAL_FILES = 0x80;
    private static final int SSL = 0x800;
    private static final int OPTIONAL_RESULTSET_METADATA = 1 << 25;
    private static final int QUERY_ATTRIBUTES = 1 << 27;
    private static final int DEPRECATE_EOF = 1 << 24;
    /** CLIENT_FOUND_ROWS: the server counts the rows an UPDATE matched, not those it changed. */
    private static final int FOUND_ROWS = 2;
    private static final int MORE_RESULTS = 0x08;
    // server status flags
    private static final int IN_TRANS = 0x01;
    private static final int AUTOCOMMIT = 0x02;

    // commands
    private static final int QUIT = 0x01;
    private static final int QUERY = 0x03;
    private static final int FIELD_LIST = 0x04;
    private static final int CHANGE_USER = 0x11;
    private static final int PREPARE = 0x16;
    private static final int EXECUTE = 0x17;
    private static final int SEND_LONG_DATA = 0x18;
    private static final int CLOSE_STMT = 0x19;

    private MysqlGate(String host, int targetPort, StatementHook hook) throws IOException {
        super(host, targetPort, hook);
    }

    /** Opens a gate on a free loopback port in front of the server at {@code host:port}. */
    public static MysqlGate open(String host, int port, StatementHook hook) throws IOException {
        return new MysqlGate(host, port, hook);
    }

    @Override
    void converse(InputStream fromClient, OutputStream toClient, InputStream fromServer, OutputStream toServer)
            throws IOException, InterruptedException {
        new Conversation(fromClient, toClient, fromServer, toServer).run();
    }

    /** One client's conversation with the server, statement by statement. */
    private final class Conversation {
        private final InputStream fromClient;
        private final OutputStream toClient;
        private final InputStream fromServer;
        private final OutputStream toServer;
        private final Map<Long, String> prepared = new HashMap<>();
        private boolean deprecateEof;
        private boolean foundRows;
        private GateSession session;

        Conversation(InputStream fromClient, OutputStream toClient, InputStream fromServer, OutputStream toServer) {
            this.fromClient = fromClient;
            this.toClient = toClient;
            this.fromServer = fromServer;
            this.toServer = toServer;
        }

        void run() throws IOException, InterruptedException {
            if (!handshake()) {
                return;
            }
            while (true) {
                MysqlPacket command = MysqlPacket.read(fromClient);
                int kind = command.first();
                if (kind == CHANGE_USER) {
                    refuse(command, "COM_CHANGE_USER is not supported: open a new connection instead");
                    continue;
                }
                String sql = statementOf(command, kind);
                String how = kind == QUERY ? "query" : kind == PREPARE ? "prepare" : "execute";
                if (sql != null) {
                    try {
                        hook.before(session, sql, how);
                    } catch (StatementHook.Refused r) {
                        refuse(command, r.getMessage());
                        continue;
                    }
                }
                long start = System.nanoTime();
                toServer(command);
                if (kind == QUIT) {
                    return;
                }
                Answer answer = switch (kind) {
                    case SEND_LONG_DATA, CLOSE_STMT -> null;        // no response
                    case PREPARE -> prepareAnswer(sql);
                    case QUERY, EXECUTE -> result();
                    case FIELD_LIST -> untilEnd();
                    default -> single();
                };
                if (kind == CLOSE_STMT) {
                    prepared.remove(command.u32(1));
                }
                if (sql != null && answer != null) {          // recorded before the client can see the answer
                    WireStatement s = new WireStatement(session.serverSession(), sql, how, answer, start,
                            System.nanoTime() - start, session.status());
                    answered(session, s);
                }
                toClient.flush();
            }
        }

        /** The greeting (with the offers the gate does not pass on taken out), then the authentication, relayed. */
        private boolean handshake() throws IOException {
            MysqlPacket greeting = MysqlPacket.read(fromServer);
            if (greeting.first() != 10) {
                toClient(greeting);                             // an ERR greeting (too many connections): pass it on
                toClient.flush();
                return false;
            }
            byte[] p = greeting.payload();
            int at = 1;
            while (p[at] != 0) {
                at++;
            }
            at++;
            session = begin(greeting.u32(at));
            int caps = at + 4 + 8 + 1;
            clear(p, caps, COMPRESS | SSL | LOCAL_FILES);
            if (p.length > caps + 7) {
                clear(p, caps + 5, (OPTIONAL_RESULTSET_METADATA | QUERY_ATTRIBUTES) >>> 16);
                if ((p[caps] & 1) == 0 && p.length >= caps + 7 + 1 + 6 + 4) {
                    for (int i = 0; i < 4; i++) {
                        p[caps + 7 + 1 + 6 + i] = 0;          // MariaDB's extended capabilities: none
                    }
                }
            }
            toClient(greeting);
            toClient.flush();
            MysqlPacket response = MysqlPacket.read(fromClient);
            int clientCaps = (int) response.u32(0);
            deprecateEof = (clientCaps & DEPRECATE_EOF) != 0;
            foundRows = (clientCaps & FOUND_ROWS) != 0;
            toServer(response);
            while (true) {
                MysqlPacket reply = MysqlPacket.read(fromServer);
                toClient(reply);
                toClient.flush();
                if (reply.isOk()) {
                    return true;
                }
                if (reply.isError()) {
                    return false;
                }
                boolean fastAuthDone = reply.first() == 0x01 && reply.payload().length > 1 && reply.payload()[1] == 3;
                if (!fastAuthDone) {
                    toServer(MysqlPacket.read(fromClient));  // an auth switch or more data: the client answers
                }
            }
        }

        private String statementOf(MysqlPacket command, int kind) {
            return switch (kind) {
                case QUERY, PREPARE -> command.text(1);
                case EXECUTE -> prepared.getOrDefault(command.u32(1), "(unknown statement " + command.u32(1) + ")");
                default -> null;
            };
        }

        /** A text or binary result: OK, ERR, or a result set (of several, when the server says more follow). */
        private Answer result() throws IOException {
            long rows = 0;
            long affected = 0;
            boolean sawRows = false;
            while (true) {
                MysqlPacket first = MysqlPacket.read(fromServer);
                if (first.first() == 0xFB) {
                    return refuseLocalInfile(first);
                }
                toClient(first);
                if (first.isError()) {
                    return first.error();
                }
                int status;
                if (first.isOk()) {
                    long[] ok = first.okRowsAndStatus();
                    affected += ok[0];
                    status = (int) ok[1];
                } else {
                    sawRows = true;
                    long columns = first.lenenc(new int[] {0});
                    for (long i = 0; i < columns; i++) {
                        toClient(MysqlPacket.read(fromServer));
                    }
                    if (!deprecateEof) {
                        toClient(MysqlPacket.read(fromServer));
                    }
                    while (true) {
                        MysqlPacket row = MysqlPacket.read(fromServer);
                        toClient(row);
                        if (row.isError()) {
                            return row.error();
                        }
                        if (row.isEndOfRows(deprecateEof)) {
                            status = deprecateEof ? (int) row.okRowsAndStatus()[1] : row.eofStatus();
                            break;
                        }
                        rows++;
                    }
                }
                if ((status & MORE_RESULTS) == 0) {
                    noteStatus(status);
                    return sawRows ? Answer.rows(rows) : foundRows ? Answer.matched(affected) : Answer.ok(affected);
                }
            }
        }

        private Answer prepareAnswer(String sql) throws IOException {
            MysqlPacket first = MysqlPacket.read(fromServer);
            toClient(first);
            if (first.isError()) {
                return first.error();
            }
            prepared.put(first.u32(1), sql);
            int columns = first.u16(5);
            int params = first.u16(7);
            relayDefinitions(params);
            relayDefinitions(columns);
            return Answer.ok(0);
        }

        private void relayDefinitions(int n) throws IOException {
            for (int i = 0; i < n; i++) {
                toClient(MysqlPacket.read(fromServer));
            }
            if (n > 0 && !deprecateEof) {
                toClient(MysqlPacket.read(fromServer));
            }
        }

        private Answer untilEnd() throws IOException {
            while (true) {
                MysqlPacket p = MysqlPacket.read(fromServer);
                toClient(p);
                if (p.isError()) {
                    return p.error();
                }
                if (p.isEndOfRows(deprecateEof)) {
                    return Answer.ok(0);
                }
            }
        }

        private Answer single() throws IOException {
            MysqlPacket p = MysqlPacket.read(fromServer);
            toClient(p);
            if (p.isOk()) {
                noteStatus((int) p.okRowsAndStatus()[1]);
            }
            return p.isError() ? p.error() : Answer.ok(0);
        }

        /** The server's status flags after an answer: whether a transaction is open, and autocommit. */
        private void noteStatus(int status) {
            session.status((status & IN_TRANS) != 0 ? GateSession.Status.OPEN
                    : (status & AUTOCOMMIT) != 0 ? GateSession.Status.IDLE : GateSession.Status.IDLE_MANUAL);
        }

        /** The server asks for a local file: send it none, swallow its answer, tell the client why. */
        private Answer refuseLocalInfile(MysqlPacket ask) throws IOException {
            new MysqlPacket(ask.sequence() + 1, new byte[0]).write(toServer);
            toServer.flush();
            MysqlPacket.read(fromServer);
            MysqlPacket refusal = MysqlPacket.refusal(ask.sequence(), "LOAD DATA LOCAL is not supported");
            toClient(refusal);
            return refusal.error();
        }

        private void refuse(MysqlPacket command, String why) throws IOException {
            toClient(MysqlPacket.refusal(command.sequence() + 1, why));
            toClient.flush();
        }

        private void toServer(MysqlPacket p) throws IOException {
            p.write(toServer);
            toServer.flush();
        }

        private void toClient(MysqlPacket p) throws IOException {
            p.write(toClient);
        }
    }

    private static void clear(byte[] p, int at, int bits) {
        p[at] &= (byte) ~(bits & 0xFF);
        p[at + 1] &= (byte) ~((bits >> 8) & 0xFF);
    }
}
