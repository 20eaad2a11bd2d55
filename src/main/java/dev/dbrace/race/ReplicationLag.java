package dev.dbrace.race;

import org.HdrHistogram.Histogram;

/**
 * Replication lag measured during a race with routed reads: for each created row, microseconds from the
 * creator's COMMIT returning until the read server showed it.
 *
 * @param readServer the server reads were routed to; empty for {@link #NONE}
 * @param lagUs   one value per created row seen on the read server
 * @param pollUs     the median time one visibility query took: lags within about this are not told apart from 0
 * @param unseen     created rows the read server had not shown within {@link LagWatch#GIVE_UP_NANOS}
 * @param failure    why the watch stopped early (its connection failed); empty when it did not
 */
public record ReplicationLag(String readServer, Histogram lagUs, long pollUs, long unseen, String failure) {

    /** No routed reads, nothing measured. */
    public static final ReplicationLag NONE = new ReplicationLag("", new Histogram(3), 0, 0, "");

    public boolean measured() {
        return !readServer.isEmpty();
    }
}
