import dev.dbrace.db.Dialect;
import dev.dbrace.db.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

/**
 * What one look at the lock views costs the explorer on a MySQL-family server: {@link Dialect#rowLockWaiters}
 * (InnoDB's transaction list alone) against {@link Dialect#lockWaiters} (the process list too), each asked about
 * three sessions that hold open transactions, in alternating blocks of 1,000 so that both see the same machine.
 * Prints the mean of each.
 *
 * Usage: java -cp 'target/dbrace.jar:target/lib/*' scripts/bench/LockViewCost.java JDBC-URL USER BLOCKS
 */
public class LockViewCost {

    public static void main(String[] args) throws Exception {
        Target t = new Target(args[0], args[0], args[1], "", Map.of(), null);
        Dialect d = t.dialect();
        int blocks = Integer.parseInt(args[2]);
        try (Connection admin = t.connect(); Connection a = t.connect(); Connection b = t.connect();
             Connection c = t.connect()) {
            Set<Long> sessions = Set.of(d.sessionId(a), d.sessionId(b), d.sessionId(c));
            for (Connection x : new Connection[] {a, b, c}) {
                x.setAutoCommit(false);
                try (Statement s = x.createStatement()) {
                    s.executeQuery("SELECT 1").close();       // an open transaction each, as in a run
                }
            }
            long rowNanos = 0;
            long allNanos = 0;
            for (int block = 0; block < blocks; block++) {
                rowNanos += time(() -> d.rowLockWaiters(admin, sessions));
                allNanos += time(() -> d.lockWaiters(admin, sessions));
            }
            System.out.printf("%s %s: row-lock view %.0f µs, every view %.0f µs a look (%d looks each)%n",
                    d.product(), d.version(), rowNanos / 1000.0 / blocks / 1000, allNanos / 1000.0 / blocks / 1000,
                    blocks * 1000);
            for (Connection x : new Connection[] {a, b, c}) {
                x.rollback();
            }
        }
    }

    interface Look {
        Set<Long> look() throws SQLException;
    }

    private static long time(Look look) throws SQLException {
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            look.look();
        }
        return System.nanoTime() - start;
    }
}
