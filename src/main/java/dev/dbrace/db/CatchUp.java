package dev.dbrace.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Waits until every server of a {@link Target#spread} target has applied what every node committed:
 * equal Galera seqnos, a replica that has replayed the primary's WAL or GTID position. Verification
 * reads one server, so it must wait for this; what it waits on is each server's own word, polled.
 */
public final class CatchUp {

    /** How long a server may take to apply what it is behind by before the wait gives up: a hang guard. */
    public static final Duration BOUND = Duration.ofMinutes(2);

    private CatchUp() {
    }

    /**
     * @throws SQLException when a server has not caught up within {@link #BOUND}: its message names the server
     *                      and the position it was waiting for
     */
    public static void await(Target target) throws SQLException, InterruptedException {
        if (!target.isSpread()) {
            return;
        }
        List<Target> all = new ArrayList<>(target.liveNodes());
        target.reads().ifPresent(all::add);
        for (Target writer : target.liveNodes()) {
            Optional<String> position;
            try (Connection c = writer.connect()) {
                position = writer.dialect().committedPosition(c);
            }
            if (position.isEmpty()) {
                continue;
            }
            for (Target other : all) {
                if (other != writer) {
                    awaitApplied(other, position.get(), writer);
                }
            }
        }
    }

    private static void awaitApplied(Target server, String position, Target writer) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        try (Connection c = server.connect()) {
            while (!server.dialect().applied(c, position)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new SQLException(server.label() + " has not applied " + writer.label() + "'s position " + position
                            + " within " + BOUND.toMinutes() + " min; is it replicating from it? Check its replication "
                            + "status, then run again");
                }
                Thread.sleep(2);     // a poll interval, not a wait for time: the loop ends on the server's word
            }
        }
    }
}
