package dev.dbrace.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.db.Target;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.KeySpace;
import dev.dbrace.support.Tools;
import dev.dbrace.verify.HistoryCheck;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A client that shares nothing with dbrace's driver or pool, behind every loss a failover test asserts: Python's
 * psycopg2 for PostgreSQL, MySQLdb (mysqlclient) for MariaDB, through the same proxy the race went through.
 */
final class SecondClient {

    private SecondClient() {
    }

    /** Each key's ids in dbrace's table, as the second client reads them. */
    static Map<Long, Set<Long>> ids(Target t) throws Exception {
        boolean postgres = t.jdbcUrl().startsWith("jdbc:postgresql:");
        String module = postgres ? "psycopg2" : "MySQLdb";
        Tools.requireWorks("the second client is Debian's python3-" + (postgres ? "psycopg2" : "mysqldb"),
                "/usr/bin/python3", "-c", "import " + module);
        URI u = URI.create(t.jdbcUrl().substring("jdbc:".length()));
        String database = u.getPath().substring(1);
        String connect = postgres
                ? "psycopg2.connect(host='" + u.getHost() + "', port=" + u.getPort() + ", user='postgres', dbname='" + database + "')"
                : "MySQLdb.connect(host='" + u.getHost() + "', port=" + u.getPort() + ", user='root', db='" + database + "')";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                "import " + module,
                "c = " + connect,
                "cur = c.cursor()",
                "cur.execute('SELECT thing_id, owner_id, id FROM dbrace_myobj')",
                "for row in cur.fetchall(): print(*row)"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<Long, Set<Long>> table = new HashMap<>();
        for (String line : out.strip().lines().toList()) {
            String[] f = line.split(" ");
            table.computeIfAbsent(KeySpace.index(Long.parseLong(f[0]), Long.parseLong(f[1])), k -> new HashSet<>())
                    .add(Long.parseLong(f[2]));
        }
        assertThat(table).as("the second client read rows").isNotEmpty();
        return table;
    }

    /** Acknowledged creates (not in doubt) whose id the second client's table does not hold for their key. */
    static long absent(List<HistoryCheck.Call> history, Map<Long, Set<Long>> table) {
        return history.stream()
                .filter(c -> c.outcome() == Outcome.CREATED && !c.inDoubt())
                .filter(c -> !table.getOrDefault(Long.parseLong(c.key()), Set.of()).contains(c.id()))
                .count();
    }
}
