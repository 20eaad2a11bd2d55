import java.sql.*;
import java.util.*;
import java.util.concurrent.*;

/** Galera + Connector/J: a brute-force abort reported at COM_STMT_PREPARE, hidden by the client-side fallback. */
public class HiddenAbort {
    public static void main(String[] a) throws Exception {  // NODE_URL NODE_URL NODE_URL ROUNDS EMULATE(true|false)
        int rounds = Integer.parseInt(a[3]), n = 6;
        String props = "?user=root&sslMode=DISABLED&useServerPrepStmts=true&emulateUnsupportedPstmts=" + a[4];
        try (Connection c = DriverManager.getConnection(a[0] + props)) {
            c.createStatement().execute("CREATE TABLE hidden_abort (id BIGINT AUTO_INCREMENT PRIMARY KEY, k BIGINT NOT NULL UNIQUE)");
        }
        Map<Long, Set<Long>> created = new ConcurrentHashMap<>();
        Map<String, Integer> prepareErrors = new ConcurrentHashMap<>();
        CyclicBarrier barrier = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Connection c = DriverManager.getConnection(a[t % 3] + props);
            c.setAutoCommit(false);
            done.add(pool.submit(() -> { for (long k = 1; k <= rounds; k++) { barrier.await(); long id = 0;
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO hidden_abort (k) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                    ins.setLong(1, k); ins.executeUpdate();
                    try (ResultSet r = ins.getGeneratedKeys()) { r.next(); id = r.getLong(1); }
                    PreparedStatement touch;        // prepared inside the transaction, as code that prepares on first use does
                    try { touch = c.prepareStatement("UPDATE hidden_abort SET k = k WHERE id = ?"); }
                    catch (SQLException e) { prepareErrors.merge("error " + e.getErrorCode() + " at prepare", 1, Integer::sum); throw e; }
                    touch.setLong(1, id); touch.executeUpdate(); touch.close();
                    c.commit();                     // answered OK: this caller was told it created key k
                    created.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(id);
                } catch (SQLException e) { c.rollback(); } } c.close(); return null; }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
        Set<Long> held = new HashSet<>();
        try (Connection c = DriverManager.getConnection(a[0] + props); Statement s = c.createStatement()) {
            s.execute("SET SESSION wsrep_sync_wait = 1");   // read after this node has applied every write set
            try (ResultSet r = s.executeQuery("SELECT id FROM hidden_abort")) { while (r.next()) held.add(r.getLong(1)); }
            s.execute("DROP TABLE hidden_abort");
        }
        long twice = created.values().stream().filter(ids -> ids.size() > 1).count();
        long missing = created.values().stream().flatMap(Set::stream).filter(id -> !held.contains(id)).count();
        System.out.println("emulateUnsupportedPstmts=" + a[4] + ": " + rounds + " keys, " + twice + " told two callers 'created', "
                + missing + " created ids on no node, " + prepareErrors);
    }
}
