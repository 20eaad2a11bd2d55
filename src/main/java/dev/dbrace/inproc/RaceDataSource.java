package dev.dbrace.inproc;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbrace.db.Target;
import java.io.PrintWriter;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The DataSource handed to the user's code: during a race, connections from that race's pool (its
 * isolation, its lock-wait bound); between races, plain connections to the target, so that an ORM
 * built on it once keeps working from race to race. Every connection is watched by {@link ErrorWatch}.
 */
public final class RaceDataSource implements DataSource {

    private final Target target;
    private volatile HikariDataSource pool;
    /** A calling thread's own pool (its statement gate's), which takes precedence over {@link #pool}. */
    private final ThreadLocal<HikariDataSource> bound = new ThreadLocal<>();

    public RaceDataSource(Target target) {
        this.target = target;
    }

    /**
     * One per target in this process, for every contender racing Java code on it; held weakly both ways (a DataSource
     * holds its target), so that both go once no contender or code holds the DataSource.
     */
    private static final Map<Target, WeakReference<RaceDataSource>> SHARED = new WeakHashMap<>();

    /**
     * The DataSource every contender on {@code target} hands its code: one, so that code which builds an ORM on the
     * first DataSource it is given (a Spring context started once, a static EntityManagerFactory) keeps reaching each
     * race's pools and statement gates when a second class of the same jar races next.
     */
    static synchronized RaceDataSource of(Target target) {
        WeakReference<RaceDataSource> held = SHARED.get(target);
        RaceDataSource ds = held == null ? null : held.get();
        if (ds == null) {
            ds = new RaceDataSource(target);
            SHARED.put(target, new WeakReference<>(ds));
        }
        return ds;
    }

    /** True when it reaches {@code t}. */
    boolean serves(Target t) {
        return target == t;
    }

    /** Serves connections from {@code racing}'s pool from now on; null to go back to plain connections. */
    void use(HikariDataSource racing) {
        this.pool = racing;
    }

    /** Serves this thread's calls from {@code own} (null: from the race's pool again). */
    void bind(HikariDataSource own) {
        if (own == null) {
            bound.remove();
        } else {
            bound.set(own);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        HikariDataSource own = bound.get();
        HikariDataSource p = own != null ? own : pool;
        return ErrorWatch.wrap(p != null ? p.getConnection() : target.connect(), target.dialect());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // dbrace reports through its own results
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the target's connect timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("dbrace's DataSource does not log");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("dbrace's DataSource wraps no " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
