package dev.dbrace.race;

import dev.dbrace.db.Target;
import dev.dbrace.strategy.Key;
import dev.dbrace.strategy.KeySpace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Replication lag as callers meet it: for every row a call created, the time from that call's COMMIT
 * returning until the row is visible on the read server. One thread with its own connection to the
 * read server polls for each pending row; racing threads only hand it the key and the moment.
 * {@link #NONE} is the null object for races whose reads are not routed.
 */
class LagWatch implements AutoCloseable {

    /** A row not seen on the read server within this long counts as unseen, not as a lag. */
    static final long GIVE_UP_NANOS = 60_000_000_000L;

    /** For races whose reads go where the writes go: records nothing. */
    static final LagWatch NONE = new LagWatch();

    private final ConcurrentLinkedQueue<long[]> committed = new ConcurrentLinkedQueue<>();
    /** Microseconds, as {@link dev.dbrace.measure.Latency} keeps them. */
    private final Histogram lagUs = new Histogram(3);
    /** How long one visibility query took: the resolution of the lag measured. */
    private final Histogram pollUs = new Histogram(3);
    private final String readServer;
    private final Connection connection;
    private final PreparedStatement select;
    private final Thread thread;
    private volatile boolean closing;
    private long unseen;
    private SQLException failure;

    private LagWatch() {
        this.readServer = "";
        this.connection = null;
        this.select = null;
        this.thread = null;
    }

    private LagWatch(Target reads, String table) throws SQLException {
        this.readServer = reads.label();
        this.connection = reads.connect();
        this.select = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE thing_id = ? AND owner_id = ?");
        this.thread = new Thread(this::watch, "dbrace-lag-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** A watch on {@code target}'s read server for dbrace's own table; {@link #NONE} when reads are not routed. */
    static LagWatch on(Target target, Ground ground) throws SQLException {
        return target.reads().isPresent() && ground.dbraces() ? new LagWatch(target.reads().get(), ground.table()) : NONE;
    }

    /** A call created {@code key}'s row and its COMMIT returned at {@code nanos}. */
    void committed(long key, long nanos) {
        if (thread != null) {
            committed.add(new long[] {key, nanos});
            LockSupport.unpark(thread);
        }
    }

    private void watch() {
        List<long[]> pending = new ArrayList<>();
        try {
            while (!(closing && pending.isEmpty() && committed.isEmpty())) {
                for (long[] c; (c = committed.poll()) != null; ) {
                    pending.add(c);
                }
                if (pending.isEmpty()) {
                    LockSupport.parkNanos(this, 50_000_000L);   // woken by committed(); the bound only rechecks closing
                    continue;
                }
                for (Iterator<long[]> it = pending.iterator(); it.hasNext(); ) {
                    long[] c = it.next();
                    long asked = System.nanoTime();
                    boolean seen = visible(c[0]);
                    long answered = System.nanoTime();
                    pollUs.recordValue(Math.max(1, (answered - asked) / 1_000));
                    if (seen) {
                        lagUs.recordValue(Math.max(1, (answered - c[1]) / 1_000));
                        it.remove();
                    } else if (System.nanoTime() - c[1] > GIVE_UP_NANOS) {
                        unseen++;
                        it.remove();
                    }
                }
                if (!pending.isEmpty()) {
                    // a poll interval, so the watch does not take a core: short while the oldest row is young
                    // (the lags worth telling apart are sub-millisecond), longer once it is plainly late
                    LockSupport.parkNanos(this, System.nanoTime() - pending.get(0)[1] < 5_000_000L ? 100_000L : 1_000_000L);
                }
            }
        } catch (SQLException e) {
            failure = e;
            unseen += pending.size() + committed.size();
        }
    }

    private boolean visible(long key) throws SQLException {
        Key k = KeySpace.key(key);
        select.setLong(1, k.thingId());
        select.setLong(2, k.ownerId());
        try (ResultSet rs = select.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * Waits until every row handed in has been seen (or given up on), then stops.
     *
     * @return what was measured; {@link ReplicationLag#NONE} for {@link #NONE}
     */
    ReplicationLag finish() throws InterruptedException {
        if (thread == null) {
            return ReplicationLag.NONE;
        }
        closing = true;
        LockSupport.unpark(thread);
        thread.join();
        unseen += committed.size();     // handed in after the watch stopped on an error: not seen either
        close();
        return new ReplicationLag(readServer, lagUs, pollUs.getValueAtPercentile(50), unseen,
                failure == null ? "" : failure.getMessage());
    }

    @Override
    public void close() {
        closing = true;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing measured depends on it
            }
        }
    }
}
