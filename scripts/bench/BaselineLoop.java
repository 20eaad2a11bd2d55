import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The baseline for the harness-overhead benchmark: the smallest JDBC program that does what dbrace's
 * upsert strategy does — N threads, one connection each, released together on a fresh key per round —
 * in the fewest round trips a correct upsert needs: the statement, whose OK packet carries the row's
 * id (id = LAST_INSERT_ID(id), read from Connector/J's statement, inserted, updated or unchanged
 * alike), and COMMIT. No harness around it.
 *
 * Usage: java -cp 'target/lib/*' scripts/bench/BaselineLoop.java JDBC-URL THREADS ROUNDS WARMUP
 * Prints: calls, seconds, calls/s, p50 µs, p99 µs.
 */
public class BaselineLoop {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        long rounds = Long.parseLong(args[2]);
        long warmup = Long.parseLong(args[3]);
        long total = warmup + rounds;
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("useAffectedRows", "true");
        p.setProperty("cachePrepStmts", "true");
        p.setProperty("useServerPrepStmts", "true");     // as dbrace connects: the overhead measured is the harness's alone
        p.setProperty("sslMode", "DISABLED");
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_myobj");
            s.execute("DROP TABLE IF EXISTS bench_thing");
            s.execute("DROP TABLE IF EXISTS bench_owner");
            s.execute("CREATE TABLE bench_thing (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
            s.execute("CREATE TABLE bench_owner (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
            s.execute("CREATE TABLE bench_myobj (id BIGINT AUTO_INCREMENT PRIMARY KEY, thing_id BIGINT NOT NULL, "
                    + "owner_id BIGINT NOT NULL, state BOOLEAN NOT NULL, UNIQUE KEY u (thing_id, owner_id), "
                    + "FOREIGN KEY (thing_id) REFERENCES bench_thing (id), FOREIGN KEY (owner_id) REFERENCES bench_owner (id))");
            for (long i = 1; i <= Math.min(total, 1000); i++) {
                s.execute("INSERT INTO bench_thing VALUES (" + i + ", 't')");
            }
            for (long i = 1; i <= (total + 999) / 1000; i++) {
                s.execute("INSERT INTO bench_owner VALUES (" + i + ", 'o')");
            }
        }
        AtomicLong key = new AtomicLong(-1);
        long[] start = new long[1];
        CyclicBarrier barrier = new CyclicBarrier(threads, () -> {
            long k = key.incrementAndGet();
            if (k == warmup) {
                start[0] = System.nanoTime();
            }
        });
        List<Thread> list = new ArrayList<>();
        List<Histogram> hists = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Histogram h = new Histogram(3);
            hists.add(h);
            Thread th = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, p)) {
                    c.setAutoCommit(false);
                    PreparedStatement up = c.prepareStatement("INSERT INTO bench_myobj (thing_id, owner_id, state) "
                            + "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE state = VALUES(state), id = LAST_INSERT_ID(id)");
                    for (long r = 0; r < total; r++) {
                        barrier.await();
                        long k = key.get();
                        long t0 = System.nanoTime();
                        up.setLong(1, k % 1000 + 1);
                        up.setLong(2, k / 1000 + 1);
                        up.setBoolean(3, ((k + index) & 1) == 0);   // dbrace's states: half the threads differ
                        up.executeUpdate();
                        long got = up.unwrap(com.mysql.cj.jdbc.StatementImpl.class).getLastInsertID();
                        if (got == 0) {
                            throw new IllegalStateException("no id for key " + k);
                        }
                        c.commit();
                        if (k >= warmup) {
                            h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            list.add(th);
            th.start();
        }
        for (Thread th : list) {
            th.join();
        }
        double secs = (System.nanoTime() - start[0]) / 1e9;
        Histogram all = new Histogram(3);
        hists.forEach(all::add);
        try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
            s.execute("DROP TABLE bench_myobj");
            s.execute("DROP TABLE bench_thing");
            s.execute("DROP TABLE bench_owner");
        }
        System.out.printf("%d %.3f %.1f %d %d%n", all.getTotalCount(), secs, all.getTotalCount() / secs,
                all.getValueAtPercentile(50), all.getValueAtPercentile(99));
    }
}
