import dev.dbrace.gate.Gate;
import dev.dbrace.gate.StatementHook;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;
import org.HdrHistogram.Histogram;

/**
 * What the statement gate adds to one statement on loopback: a prepared {@code SELECT 1} (a round trip that does no
 * work on the server), timed one by one straight to the server and through a gate with a recording hook, in
 * alternating blocks of 1,000 so that both see the same machine. Prints p50, p90 and p99 of each, and the
 * difference of the p50s.
 *
 * Usage: java -cp 'target/dbrace.jar:target/lib/*' scripts/bench/GateOverhead.java JDBC-URL USER STATEMENTS
 */
public class GateOverhead {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long n = Long.parseLong(args[2]);
        URI u = URI.create(url.substring(5));
        String family = u.getScheme().equals("mysql") ? "mysql" : "postgresql";
        Properties p = new Properties();
        p.setProperty("user", args[1]);
        if (family.equals("mysql")) {
            p.setProperty("sslMode", "DISABLED");
            p.setProperty("useServerPrepStmts", "true");
            p.setProperty("allowPublicKeyRetrieval", "true");
        }
        try (Gate gate = Gate.open(family, u.getHost(), u.getPort(), StatementHook.NONE);
             Connection direct = DriverManager.getConnection(url, p);
             Connection gated = DriverManager.getConnection(url.replace(u.getHost() + ":" + u.getPort(),
                     "127.0.0.1:" + gate.port()), p);
             PreparedStatement d = direct.prepareStatement("SELECT 1");
             PreparedStatement g = gated.prepareStatement("SELECT 1")) {
            Histogram hd = new Histogram(3);
            Histogram hg = new Histogram(3);
            for (int i = 0; i < 5_000; i++) {                   // warm-up of both paths and the JIT
                once(d);
                once(g);
            }
            for (long done = 0; done < n; done += 1_000) {
                for (int i = 0; i < 1_000; i++) {
                    hd.recordValue(once(d));
                }
                for (int i = 0; i < 1_000; i++) {
                    hg.recordValue(once(g));
                }
            }
            System.out.printf("| %s | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.1f |%n", family, hd.getTotalCount(),
                    us(hd, 50), us(hd, 90), us(hd, 99), us(hg, 50), us(hg, 90), us(hg, 99),
                    us(hg, 50) - us(hd, 50));
        }
    }

    private static long once(PreparedStatement ps) throws Exception {
        long t = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
        return System.nanoTime() - t;
    }

    private static double us(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
