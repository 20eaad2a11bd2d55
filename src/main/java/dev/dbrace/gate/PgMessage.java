package dev.dbrace.gate;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One message of PostgreSQL's frontend/backend protocol (version 3): a type byte, a 4-byte big-endian length
 * that counts itself, the body. The startup packets have no type byte ({@link #readStartup}).
 */
record PgMessage(int type, byte[] body) {

    static final int STARTUP = 0;

    static PgMessage read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        return new PgMessage(type, body(in));
    }

    /** A startup, SSL, GSS or cancel request: a length, then the body (its first int says which). */
    static PgMessage readStartup(InputStream in) throws IOException {
        return new PgMessage(STARTUP, body(in));
    }

    private static byte[] body(InputStream in) throws IOException {
        byte[] len = in.readNBytes(4);
        if (len.length < 4) {
            throw new EOFException("connection closed");
        }
        int n = ((len[0] & 0xFF) << 24 | (len[1] & 0xFF) << 16 | (len[2] & 0xFF) << 8 | (len[3] & 0xFF)) - 4;
        byte[] body = in.readNBytes(n);
        if (body.length < n) {
            throw new EOFException("connection closed inside a message");
        }
        return body;
    }

    void write(OutputStream out) throws IOException {
        if (type != STARTUP) {
            out.write(type);
        }
        int n = body.length + 4;
        out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.write(body);
    }

    int int32(int at) {
        return (body[at] & 0xFF) << 24 | (body[at + 1] & 0xFF) << 16 | (body[at + 2] & 0xFF) << 8 | (body[at + 3] & 0xFF);
    }

    /** The NUL-terminated string at {@code at[0]}; advances it past the NUL. */
    String cstring(int[] at) {
        int from = at[0];
        int end = from;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        at[0] = end + 1;
        return new String(body, from, end - from, StandardCharsets.UTF_8);
    }

    /** An ErrorResponse's SQLState and message. */
    Answer error() {
        String state = "";
        String message = "";
        int at = 0;
        while (at < body.length && body[at] != 0) {
            char field = (char) body[at];
            int[] p = {at + 1};
            String value = cstring(p);
            at = p[0];
            if (field == 'C') {
                state = value;
            } else if (field == 'M') {
                message = value;
            }
        }
        return Answer.error(0, state, message);
    }

    /** An ErrorResponse of the gate's own (SQLState 0A000, feature not supported). */
    static PgMessage refusal(String why) {
        byte[] s = "ERROR".getBytes(StandardCharsets.UTF_8);
        byte[] m = ("dbrace gate: " + why).getBytes(StandardCharsets.UTF_8);
        byte[] c = "0A000".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[1 + s.length + 1 + 1 + c.length + 1 + 1 + m.length + 1 + 1];
        int i = 0;
        b[i++] = 'S';
        System.arraycopy(s, 0, b, i, s.length);
        i += s.length + 1;
        b[i++] = 'C';
        System.arraycopy(c, 0, b, i, c.length);
        i += c.length + 1;
        b[i++] = 'M';
        System.arraycopy(m, 0, b, i, m.length);
        return new PgMessage('E', b);
    }
}
