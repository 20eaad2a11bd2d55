package dev.dbrace.db;

/** The names of a Galera node's own conflict counters, as reports show them beside dbrace's counts. */
public final class GaleraCounters {

    /** Local transactions that failed certification at COMMIT. */
    public static final String CERT_FAILURES = "wsrep_local_cert_failures";
    /** Local transactions an applier aborted because a replicated write set needed their locks. */
    public static final String BF_ABORTS = "wsrep_local_bf_aborts";

    /** Brute-force-aborted local transactions the node replayed to success (their callers saw no error). */
    public static final String REPLAYS = "wsrep_local_replays";

    private GaleraCounters() {
    }
}
