package dev.dbrace.gate;

import java.io.IOException;
import java.util.List;

/**
 * The statement gate: a listener on a loopback port, in front of one server, that passes each client's traffic
 * through a statement at a time and shows every statement to a {@link StatementHook}. One implementation per
 * client protocol ({@link MysqlGate}, {@link PostgresGate}); {@link #open} picks it by the server's family.
 */
public interface Gate extends AutoCloseable {

    /** A gate for a server of {@code family} ({@code mysql} or {@code postgresql}) at {@code host:port}. */
    static Gate open(String family, String host, int port, StatementHook hook) throws IOException {
        return switch (family) {
            case "mysql" -> MysqlGate.open(host, port, hook);
            case "postgresql" -> PostgresGate.open(host, port, hook);
            default -> throw new IllegalArgumentException("the statement gate speaks the MySQL and PostgreSQL protocols, not "
                    + family + "'s");
        };
    }

    /** The loopback port clients connect to instead of the server's. */
    int port();

    /**
     * The statements whose answers passed back since the last drain, across every session, in that order; the gate
     * keeps no more of them. A worker's caller drains as its call starts and when it has been answered.
     */
    List<WireStatement> drain();

    /** Every client connection so far, in the order they connected. */
    List<GateSession> sessions();

    /** Stops listening and cuts every connection through the gate. */
    @Override
    void close() throws IOException;
}
