package dev.dbrace.gate;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One packet of the MySQL client/server protocol: a 3-byte little-endian length, a sequence id, the payload.
 * A payload of 16 MiB − 1 continues in the next packet; the gate relays such runs packet by packet.
 */
record MysqlPacket(int sequence, byte[] payload) {

    static final int MAX_PAYLOAD = 0xFFFFFF;

    static MysqlPacket read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new EOFException("connection closed");
        }
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException("connection closed inside a packet");
        }
        return new MysqlPacket(header[3] & 0xFF, payload);
    }

    void write(OutputStream out) throws IOException {
        int n = payload.length;
        out.write(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) sequence});
        out.write(payload);
    }

    int first() {
        return payload.length == 0 ? -1 : payload[0] & 0xFF;
    }

    boolean isOk() {
        return first() == 0x00;
    }

    boolean isError() {
        return first() == 0xFF;
    }

    /** An EOF packet, or with CLIENT_DEPRECATE_EOF the OK packet that ends a result set (header 0xFE). */
    boolean isEndOfRows(boolean deprecateEof) {
        return first() == 0xFE && (deprecateEof ? payload.length < MAX_PAYLOAD : payload.length < 9);
    }

    /** An ERR packet's code, SQLState and message. */
    Answer error() {
        int code = u16(1);
        boolean marked = payload.length > 3 && payload[3] == '#';
        String state = marked ? new String(payload, 4, 5, StandardCharsets.US_ASCII) : "HY000";
        int from = marked ? 9 : 3;
        return Answer.error(code, state, new String(payload, from, payload.length - from, StandardCharsets.UTF_8));
    }

    /** An OK packet's affected rows and status flags. */
    long[] okRowsAndStatus() {
        int[] at = {1};
        long affected = lenenc(at);
        lenenc(at);                                       // last insert id
        return new long[] {affected, at[0] + 1 < payload.length ? u16(at[0]) : 0};
    }

    /** The status flags of an EOF packet (0xFE, warnings, status). */
    int eofStatus() {
        return payload.length >= 5 ? u16(3) : 0;
    }

    int u16(int at) {
        return (payload[at] & 0xFF) | (payload[at + 1] & 0xFF) << 8;
    }

    long u32(int at) {
        return u16(at) | (long) u16(at + 2) << 16;
    }

    /** A length-encoded integer at {@code at[0]}; advances it. */
    long lenenc(int[] at) {
        int b = payload[at[0]] & 0xFF;
        at[0]++;
        if (b < 0xFB) {
            return b;
        }
        int bytes = b == 0xFC ? 2 : b == 0xFD ? 3 : 8;
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (payload[at[0] + i] & 0xFF) << (8 * i);
        }
        at[0] += bytes;
        return v;
    }

    String text(int from) {
        return new String(payload, from, payload.length - from, StandardCharsets.UTF_8);
    }

    /** An ERR packet of the gate's own, so that a refused command reaches the client as an error. */
    static MysqlPacket refusal(int sequence, String message) {
        byte[] m = ("dbrace gate: " + message).getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[9 + m.length];
        p[0] = (byte) 0xFF;
        p[1] = (byte) (1235 & 0xFF);                     // ER_NOT_SUPPORTED_YET
        p[2] = (byte) (1235 >> 8);
        p[3] = '#';
        System.arraycopy("42000".getBytes(StandardCharsets.US_ASCII), 0, p, 4, 5);
        System.arraycopy(m, 0, p, 9, m.length);
        return new MysqlPacket(sequence, p);
    }
}
