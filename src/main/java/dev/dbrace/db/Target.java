package dev.dbrace.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A database dbrace can race against: a JDBC URL with credentials, the {@link Dialect} of the
 * server it reaches, and whatever must be shut down afterwards (an embedded server, a container).
 *
 * <pre>{@code
 * try (Target t = Targets.open(spec)) {
 *     try (HikariDataSource pool = t.pool("naive", 8, null, Duration.ofSeconds(5))) { ... }
 * }
 * }</pre>
 */
public final class Target implements AutoCloseable {

    private final String label;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Properties driverProperties;
    private final AutoCloseable resource;
    private Dialect dialect;
    /** The servers writes are spread over, the first being the one this target connects to; null for one server. */
    private List<Target> nodes;
    /** Where plain reads are routed; null when they go where the writes go. */
    private Target reads;
    /** What a {@link #spread} target was started with (the servers dbrace started), for {@link #part}. */
    private Object started;

    /**
     * @param label      how reports name the target ({@code embedded-mariadb}, a masked URL, …)
     * @param jdbcUrl    a URL of a scheme dbrace's drivers serve ({@code jdbc:mariadb:} is taken as {@code jdbc:mysql:})
     * @param extraProperties driver properties this target needs beyond the driver's and the dialect's
     * @param resource   closed with the target, e.g. the embedded server; may be null
     * @throws IllegalArgumentException for a URL no driver of dbrace's serves
     */
    public Target(String label, String jdbcUrl, String user, String password,
                  Map<String, String> extraProperties, AutoCloseable resource) {
        this.label = label;
        this.jdbcUrl = JdbcDriver.normalise(jdbcUrl);
        this.user = user;
        this.password = password == null ? "" : password;
        this.resource = resource;
        this.driverProperties = new Properties();
        driverProperties.putAll(JdbcDriver.of(this.jdbcUrl).properties());
        driverProperties.putAll(extraProperties);
    }

    public String label() {
        return label;
    }

    /**
     * A target of several servers: racing threads are spread round-robin over {@code nodes} (the first
     * also sets up and verifies), and plain reads go to {@code reads} when it is not null, as a read
     * router sends them. Closing it closes {@code resource} (the servers dbrace started), then the nodes.
     */
    public static Target spread(String label, List<Target> nodes, Target reads, AutoCloseable resource) {
        Target first = nodes.get(0);
        Target t = new Target(label, first.jdbcUrl, first.user, first.password, Map.of(), () -> {
            try {
                if (resource != null) {
                    resource.close();
                }
            } finally {
                for (Target n : nodes) {
                    n.close();
                }
                if (reads != null) {
                    reads.close();
                }
            }
        });
        t.driverProperties.putAll(first.driverProperties);
        t.nodes = List.copyOf(nodes);
        t.reads = reads;
        t.started = resource;
        return t;
    }

    /**
     * What this target was started with, when it is of {@code kind}: the cluster of a topology dbrace started
     * ({@code part(Cluster.class)}), so that a fault can kill its nodes; empty for a server dbrace did not start.
     */
    public <T> Optional<T> part(Class<T> kind) {
        return kind.isInstance(started) ? Optional.of(kind.cast(started)) : Optional.empty();
    }

    /** The servers writes go to: this one, then the other nodes of a {@link #spread} target. */
    public List<Target> nodes() {
        return nodes == null ? List.of(this) : nodes;
    }

    /** The nodes still running: all of {@link #nodes}, less those a fault killed ({@link Liveness}). */
    public List<Target> liveNodes() {
        Optional<Liveness> l = part(Liveness.class);
        return l.isEmpty() ? nodes() : nodes().stream().filter(l.get()::alive).toList();
    }

    /** The node racing thread {@code thread} writes to (round-robin). */
    public Target nodeOf(int thread) {
        return nodes == null ? this : nodes.get(thread % nodes.size());
    }

    /** True when this target is more than one server: several nodes, or reads routed elsewhere. */
    public boolean isSpread() {
        return nodes != null && (nodes.size() > 1 || reads != null);
    }

    /** The server plain reads are routed to, when they are routed away from the writes. */
    public Optional<Target> reads() {
        return Optional.ofNullable(reads);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    /** The password given with the target; empty when none. Only for code that connects on its own. */
    public String password() {
        return password;
    }

    /**
     * The same server first, and {@code others} in turn when it cannot be reached: Connector/J's multi-host failover
     * URL, writable on any of them ({@code failOverReadOnly=false}). A race through a fault gives a Galera node's
     * threads such a pool, so that they move to the next node when theirs is killed, as an application with a list
     * of hosts does. Only MySQL-family targets take it; any other is returned as it is.
     */
    public Target withFallbacks(List<Target> others) {
        if (!jdbcUrl.startsWith("jdbc:mysql://") || others.isEmpty()) {
            return this;
        }
        StringBuilder hosts = new StringBuilder(endpoint().host() + ":" + endpoint().port());
        others.forEach(o -> hosts.append(',').append(o.endpoint().host()).append(':').append(o.endpoint().port()));
        Target t = new Target(label, jdbcUrl.replaceFirst("//[^/?]*", "//" + hosts), user, password, Map.of(), null);
        t.driverProperties.putAll(driverProperties);
        t.driverProperties.setProperty("failOverReadOnly", "false");
        return t;
    }

    /**
     * The same server reached through a loopback listener of dbrace's on {@code port} (the statement gate): the
     * URL's host and port replaced, everything else kept.
     */
    public Target through(int port, AutoCloseable resource) {
        Endpoint e = endpoint();
        String url = jdbcUrl.replaceFirst("//[^/?]*", "//127.0.0.1:" + port);
        Target t = new Target(label + " (through the statement gate on port " + port + ")", url, user, password,
                Map.of(), resource);
        t.driverProperties.putAll(driverProperties);
        t.started = started;        // a fault still strikes the servers behind the gate
        return t;
    }

    /** The family, host, port and database the URL names. */
    public Endpoint endpoint() {
        return JdbcDriver.endpoint(jdbcUrl);
    }

    /** One plain connection, autocommit on, for set-up, verification and replays. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, withCredentials(properties(dialect())));
    }

    /**
     * Connects once with {@code settings} applied as a race would apply them, and reads them back:
     * the check that comes before any table is created.
     *
     * @throws SQLException the server's refusal (an unknown variable, a value it rejects, a global-only one)
     */
    public Map<String, String> trySettings(Settings settings, Duration lockWait) throws SQLException {
        Properties p = withCredentials(properties(dialect()));
        dialect().sessionProperties(lockWait, settings).forEach(p::setProperty);
        try (Connection c = DriverManager.getConnection(jdbcUrl, p)) {
            return dialect().readSettings(c, settings);
        }
    }

    /** The driver's properties and this target's, then the dialect's (none before the server is known). */
    private Properties properties(Dialect known) {
        Properties p = new Properties();
        p.putAll(driverProperties);
        if (known != null) {
            p.putAll(known.driverProperties());
        }
        return p;
    }

    private Properties withCredentials(Properties p) {
        if (user != null) {
            p.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            p.setProperty("password", password);    // else a password= in the URL, if any, applies
        }
        return p;
    }

    /** The dialect of the server this target reaches, read on first use. */
    public synchronized Dialect dialect() throws SQLException {
        if (dialect == null) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, withCredentials(properties(null)))) {
                dialect = Dialects.of(ServerInfo.read(c)).refine(c);
            }
        }
        return dialect;
    }

    /**
     * A pool of {@code size} connections with autocommit off.
     *
     * @param isolation the level every connection runs at, or null for the server's default
     * @param lockWait  the server-side bound on one lock wait
     */
    public HikariDataSource pool(String name, int size, Isolation isolation, Duration lockWait) throws SQLException {
        return pool(name, size, isolation, lockWait, false);
    }

    /**
     * @param userCode for connections handed to the user's code: without the driver settings only
     *                 dbrace's own SQL relies on ({@link Dialect#ownSqlOnlyProperties()})
     */
    public HikariDataSource pool(String name, int size, Isolation isolation, Duration lockWait, boolean userCode)
            throws SQLException {
        return pool(name, size, isolation, lockWait, userCode, Settings.NONE);
    }

    /** @param settings server settings every connection runs with, applied at connect time ({@code --set}) */
    public HikariDataSource pool(String name, int size, Isolation isolation, Duration lockWait, boolean userCode,
                                 Settings settings) throws SQLException {
        Properties props = properties(dialect());
        if (userCode) {
            dialect().ownSqlOnlyProperties().forEach(props::remove);
        }
        HikariConfig cfg = config(name, size, lockWait, props);
        cfg.setAutoCommit(false);
        if (isolation != null) {
            cfg.setTransactionIsolation(isolation.hikariName());
        }
        // Session limits as driver properties, applied at connect time outside any transaction (an init
        // SQL would run after Hikari turned autocommit off, and PostgreSQL would roll it back).
        dialect().sessionProperties(lockWait, settings).forEach(cfg::addDataSourceProperty);
        return new HikariDataSource(cfg);
    }

    /**
     * A pool of {@code size} connections in autocommit at the server's default level, for routed plain reads:
     * a router's replica connection is outside the caller's transaction, as Django's is.
     */
    public HikariDataSource readPool(String name, int size, Duration lockWait) throws SQLException {
        HikariConfig cfg = config(name, size, lockWait, properties(dialect()));
        cfg.setAutoCommit(true);
        dialect().sessionLimits(lockWait).forEach(cfg::addDataSourceProperty);
        return new HikariDataSource(cfg);
    }

    private HikariConfig config(String name, int size, Duration lockWait, Properties props) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("dbrace-" + name);
        cfg.setJdbcUrl(jdbcUrl);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (!password.isEmpty()) {
            cfg.setPassword(password);
        }
        cfg.setDataSourceProperties(props);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(size);
        // a reconnect after a broken connection waits at most about one call timeout
        cfg.setConnectionTimeout(Math.max(2_000, lockWait.toMillis() + 1_000));
        cfg.setInitializationFailTimeout(15_000);
        return cfg;
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
