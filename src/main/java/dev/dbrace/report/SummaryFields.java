package dev.dbrace.report;

import java.util.List;

/**
 * The names in {@code summary.json}, shared by its writer ({@link JsonFormat}) and its reader
 * ({@link SummaryReader}), which mirror each other field by field. A change to the format bumps
 * {@link #SCHEMA_VERSION}; a reader refuses a file from a newer schema in one line.
 */
final class SummaryFields {

    /**
     * 1: files without the field (dbrace before the version was written). 2: {@code schema_version},
     * {@code not_raced} with a typed status instead of the {@code skipped} map, the connect-failure
     * error kinds in {@code db_errors}. 3: {@code db_errors_by_step}, the {@code certification_failure} kinds,
     * {@code aligned_at} with its counts,
     * and, for races on several servers, {@code nodes} and {@code replication_lag_us}. 4: {@code verification.diagnoses}
     * (a failed verification's creators, their rows on each node, their statements, and the story they support).
     * 5: {@code swimlanes}. 6: {@code failover}, for a race through a fault ({@code --fault}).
     */
    static final int SCHEMA_VERSION = 6;

    // the file
    static final String SCHEMA = "schema_version";
    static final String VERSION = "dbrace_version";
    static final String STARTED_AT = "started_at";
    static final String PARTIAL = "partial";
    static final String CONFIG = "config";
    static final String TARGETS = "targets";
    static final String TARGET_NAME = "name";
    static final String TARGET_PRODUCT = "product";
    static final String TARGET_VERSION = "version";
    static final String ROWS = "strategies";
    /** Schema 2: a list of the runs not raced to the end. */
    static final String NOT_RACED = "not_raced";
    static final String STATUS = "status";
    static final String REASON = "reason";
    /** Schema 1: a map from "strategy on database" to why it was not raced. */
    static final String SKIPPED_V1 = "skipped";
    static final String ALL_VERIFIED = "all_verified";
    static final String PEAK_HEAP_MB = "harness_peak_heap_mb";

    // one row: server and setup
    static final String DATABASE = "database";
    static final String PRODUCT = "product";
    static final String SERVER_VERSION = "server_version";
    static final String STRATEGY = "strategy";
    static final String SUMMARY = "summary";
    static final String ISOLATION = "isolation";
    static final String PRIOR_READ = "prior_read";
    /** The --set settings as read back; empty when none (absent in files before --set). */
    static final String SETTINGS = "settings";
    static final String THREADS = "threads";
    static final String MODE = "mode";
    /** Schema 3: where the threads of a round were aligned inside each call ({@code free} without --align-at). */
    static final String ALIGNED_AT = "aligned_at";
    static final String ALIGNED_CALLS = "aligned_calls";
    static final String UNALIGNED_CALLS = "unaligned_calls";
    // counts
    static final String ROUNDS = "rounds";
    static final String CALLS = "calls";
    static final String OUTCOMES = "outcomes";
    static final String DB_ERRORS = "db_errors";
    /** Schema 3, round mode: per outcome, the rounds in which a call ended in it (non-zero only). */
    static final String ROUNDS_WITH = "rounds_with";
    /** Schema 3, derived from rounds_with and rounds (the reader ignores it): rate per round and its 95 % interval. */
    static final String PER_ROUND_CI95 = "per_round_ci95";
    /** False when a worker did not report the errors handled inside its calls; absent means true. */
    static final String DB_ERRORS_COMPLETE = "db_errors_complete";
    /** Schema 3: each step's errors by kind (non-zero counts only). */
    static final String DB_ERRORS_BY_STEP = "db_errors_by_step";
    /** Schema 3, races on several servers only: one object per server. */
    static final String NODES = "nodes";
    static final String NODE_SERVER = "server";
    static final String NODE_ID = "id";
    static final String NODE_ROLE = "role";
    static final String NODE_CLUSTER_SIZE = "cluster_size";
    static final String NODE_COUNTERS = "counters";
    /** Schema 6, races through a fault only: the strike, the failover, the history check, calls per second. */
    static final String FAILOVER = "failover";
    static final String FAULT = "fault";
    static final String STRUCK_NODE = "struck_node";
    static final String NOTE = "note";
    static final String STRUCK_MS = "struck_ms";
    static final String HEALED_MS = "healed_ms";
    static final String HISTORY_CHECK = "history_check";
    static final String CALLS_BY_WINDOW = "calls_by_window";
    static final String FINDINGS = "findings";
    static final String TIMELINE = "calls_per_second";
    static final String SECOND = "second";
    static final String OK = "ok";
    /** Schema 3, races with routed reads only: the lag from a creator's COMMIT to the row on the read server. */
    static final String REPLICATION_LAG_US = "replication_lag_us";
    static final String LAG_READ_SERVER = "read_server";
    static final String LAG_UNSEEN = "unseen";
    static final String LAG_POLL_US = "poll_us";
    static final String LAG_FAILURE = "failure";
    static final String RETRIES = "retries";
    static final String RETRIES_TOTAL = "total";
    static final String RETRIES_MAX = "max_per_call";
    static final String RETRIES_PER_CALL = "per_call";
    static final String FIRST_ANOMALY_MS = "first_anomaly_ms";
    static final String SAMPLES = "samples";
    static final String SWIMLANES = "swimlanes";
    static final String OUTCOME = "outcome";
    static final String LANES = "lanes";
    static final String WHO = "who";
    static final String BOXES = "boxes";
    static final String START_US = "start_us";
    static final String END_US = "end_us";
    static final String VERDICT = "verdict";
    // timing
    static final String LATENCY_US = "latency_us";
    static final String LATENCY_SUCCESS_US = "latency_success_us";
    static final String LATENCY_FAILURE_US = "latency_failure_us";
    static final String THROUGHPUT = "throughput_ops_s";
    static final String WALL_MS = "wall_ms";
    static final String WALL_NS = "wall_ns";
    static final String CLIENT_CPU_US_PER_CALL = "client_cpu_us_per_call";
    static final String CLIENT_CPU_NS = "client_cpu_ns";
    static final String HISTOGRAM = "histogram";
    static final String HISTOGRAM_SUCCESS = "success";
    static final String HISTOGRAM_FAILURE = "failure";
    // verification
    static final String VERIFICATION = "verification";
    static final String PASSED = "passed";
    static final String PROBLEM_COUNT = "problem_count";
    static final String PROBLEMS = "problems";
    static final String TABLE_ROWS = "rows";
    static final String KEYS_RACED = "keys_raced";
    static final String IDS_SKIPPED = "ids_skipped";
    static final String DIAGNOSES = "diagnoses";
    static final String KEY = "key";
    static final String STORY = "story";
    static final String MEANING = "meaning";
    static final String CREATORS = "creators";
    static final String NODE = "node";
    static final String SESSION = "session";
    static final String ID = "id";
    static final String ROW_ON = "row_on";
    static final String STATEMENTS = "statements";
    static final String SQL = "sql";
    static final String ANSWER = "answer";
    static final String FAILED = "failed";

    /** Every top-level field of a strategy row, in the order the writer puts them. */
    static final List<String> ROW = List.of(DATABASE, PRODUCT, SERVER_VERSION, STRATEGY, SUMMARY, ISOLATION, SETTINGS, PRIOR_READ,
            THREADS, MODE, ALIGNED_AT, ALIGNED_CALLS, UNALIGNED_CALLS, ROUNDS, CALLS, OUTCOMES, ROUNDS_WITH, PER_ROUND_CI95, DB_ERRORS, DB_ERRORS_BY_STEP, DB_ERRORS_COMPLETE, RETRIES, VERDICT, LATENCY_US, LATENCY_SUCCESS_US,
            LATENCY_FAILURE_US, THROUGHPUT, WALL_MS, WALL_NS, CLIENT_CPU_NS, CLIENT_CPU_US_PER_CALL, FIRST_ANOMALY_MS, VERIFICATION, SAMPLES, HISTOGRAM);

    private SummaryFields() {
    }
}
