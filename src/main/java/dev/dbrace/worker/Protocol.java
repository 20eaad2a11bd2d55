package dev.dbrace.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrace.db.Endpoint;
import dev.dbrace.db.Isolation;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker protocol, version 1: JSON, one object per line; dbrace writes {@code hello},
 * {@code call} and {@code stop}, the worker answers {@code ready} and {@code result}. Writing and
 * reading mirror each other here; nothing else knows the field names.
 */
final class Protocol {

    static final int VERSION = 1;
    static final String STOP = "{\"type\":\"stop\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Protocol() {
    }

    /** A line the worker wrote that breaks the protocol; the message says how. */
    static final class Violation extends Exception {
        Violation(String message) {
            super(message);
        }
    }

    /**
     * What dbrace tells each worker first.
     *
     * @param endpoint the server this worker writes to (its node, when threads are spread over several)
     * @param reads    where it should send plain reads, as a read router would; null when reads are not routed
     * @param tables   dbrace's tables by role ({@code myobj}, {@code thing}, {@code owner}); empty on the team's own table
     * @param table    the raced table, its key columns and id column: dbrace's {@code myobj} or the team's own
     * @param gate     whether the worker's connections pass through the statement gate: then a call may answer
     *                 {@code returned}, and what its statements did tells created from found
     */
    record Hello(int worker, int workers, Endpoint endpoint, Endpoint reads, String product, String version, String user,
                 Map<String, String> tables, Table table, Isolation isolation, long callTimeoutMillis, boolean priorRead,
                 Map<String, String> settings, boolean gate) {
    }

    /** The raced table as the hello and each call name it. */
    record Table(String name, List<String> keyColumns, String idColumn, boolean own) {
    }

    static String hello(Hello h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "hello").put("protocol", VERSION).put("worker", h.worker()).put("workers", h.workers());
        n.putObject("target").put("family", h.endpoint().family()).put("product", h.product())
                .put("version", h.version()).put("host", h.endpoint().host()).put("port", h.endpoint().port())
                .put("database", h.endpoint().database()).put("user", h.user());
        if (h.reads() != null) {       // read routing: the worker's router sends plain reads here
            n.putObject("read_target").put("host", h.reads().host()).put("port", h.reads().port())
                    .put("database", h.reads().database());
        }
        ObjectNode tables = n.putObject("tables");
        h.tables().forEach(tables::put);
        ObjectNode table = n.putObject("table").put("name", h.table().name()).put("id_column", h.table().idColumn())
                .put("own", h.table().own());
        h.table().keyColumns().forEach(table.putArray("key_columns")::add);
        n.put("isolation", h.isolation() == null ? null : h.isolation().key());
        n.put("call_timeout_ms", h.callTimeoutMillis()).put("prior_read", h.priorRead());
        n.put("gate", h.gate());        // true: the call may answer "returned", and the wire tells created from found
        ObjectNode settings = n.putObject("settings");      // --set: the worker applies them to its session
        h.settings().forEach(settings::put);
        return n.toString();
    }

    /**
     * One call on the key whose columns have {@code values}; {@code seq} is unique per worker, warm-up included. On
     * dbrace's table the key is {@code {"thing_id":T,"owner_id":O}}.
     */
    static String call(long seq, List<String> columns, List<Object> values, boolean state) {
        StringBuilder b = new StringBuilder(96).append("{\"type\":\"call\",\"seq\":").append(seq).append(",\"key\":{");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(columns.get(i)).append("\":");
            Object v = values.get(i);
            if (v instanceof Number) {
                b.append(v);
            } else {
                try {
                    b.append(JSON.writeValueAsString(String.valueOf(v)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);     // a String always writes
                }
            }
        }
        return b.append("},\"state\":").append(state).append('}').toString();
    }

    /**
     * The worker's {@code ready}.
     *
     * @param isolation   the level it says it runs at; null when it did not say
     * @param unsupported what of the hello it declines, e.g. {@code prior_read}
     */
    record Ready(String isolation, List<String> unsupported) {
    }

    static Ready ready(String line) throws Violation {
        JsonNode n = object(line, "ready");
        JsonNode level = n.get("isolation");
        List<String> unsupported = new ArrayList<>();
        JsonNode u = n.get("unsupported");
        if (u != null && !u.isNull()) {
            if (!u.isArray()) {
                throw new Violation("'unsupported' must be a list of names, was " + u);
            }
            u.forEach(x -> unsupported.add(x.asText()));
        }
        return new Ready(level == null || level.isNull() ? null : level.asText(), unsupported);
    }

    /**
     * What went wrong in a call, as much of it as the worker's driver tells; any part may be null.
     *
     * @param step the statement that raised it ({@code SELECT}, {@code INSERT}, {@code COMMIT}, …), when the worker says
     */
    record ErrorReport(String sqlState, Integer code, String message, String className, String step) {

        /** The step as reports name it; {@code unknown} when the worker did not say. */
        String stepOrUnknown() {
            return step == null || step.isBlank() ? ErrorLog.UNKNOWN_STEP : Steps.of(step);
        }
    }

    /**
     * A worker's answer to one call.
     *
     * @param outcome  created, found, returned (through the gate: the wire tells which), does_not_exist, …
     * @param id       the row's id with created and found, and with returned where given; 0 otherwise
     * @param error    the exception behind error, does_not_exist or integrity_error; null when not given
     * @param dbErrors the errors handled inside the call; null when the worker did not report them
     */
    record Result(long seq, String outcome, long id, ErrorReport error, List<ErrorReport> dbErrors, int retries) {
    }

    /** "returned": the call returned normally, and the statement gate tells whether it created the row or found it. */
    static final List<String> OUTCOMES = List.of("created", "found", "returned", "does_not_exist", "integrity_error",
            "error");

    static Result result(String line) throws Violation {
        JsonNode n = object(line, "result");
        JsonNode seq = n.get("seq");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber()) {
            throw new Violation("a result without an integer 'seq': " + clip(line));
        }
        String outcome = text(n.get("outcome"));
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            throw new Violation("unknown outcome " + (outcome == null ? "(none)" : "'" + outcome + "'")
                    + "; expected one of " + OUTCOMES + ": " + clip(line));
        }
        long id = 0;
        JsonNode idNode = n.get("id");
        if (outcome.equals("returned") && idNode != null && !idNode.isNull()) {
            if (!idNode.isIntegralNumber() || idNode.asLong() <= 0) {
                throw new Violation("a 'returned' result's id, where given, is the row's id (a positive integer): "
                        + clip(line));
            }
            id = idNode.asLong();
        }
        if (outcome.equals("created") || outcome.equals("found")) {
            if (idNode == null || !idNode.isIntegralNumber() || idNode.asLong() <= 0) {
                throw new Violation("a '" + outcome + "' result needs the row's id: " + clip(line));
            }
            id = idNode.asLong();
        }
        List<ErrorReport> handled = null;
        JsonNode list = n.get("db_errors");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new Violation("'db_errors' must be a list: " + clip(line));
            }
            handled = new ArrayList<>();
            for (JsonNode e : list) {
                handled.add(error(e));
            }
        }
        JsonNode retries = n.get("retries");
        return new Result(seq.asLong(), outcome, id, error(n.get("error")), handled,
                retries == null || !retries.canConvertToInt() ? 0 : Math.max(0, retries.asInt()));
    }

    private static ErrorReport error(JsonNode e) {
        if (e == null || e.isNull() || !e.isObject()) {
            return null;
        }
        JsonNode code = e.get("code");
        return new ErrorReport(text(e.get("sqlstate")), code != null && code.canConvertToInt() ? code.asInt() : null,
                text(e.get("message")), text(e.get("class")), text(e.get("step")));
    }

    private static JsonNode object(String line, String type) throws Violation {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new Violation("a line that is not JSON: " + clip(line));
        }
        if (n == null || !n.isObject()) {
            throw new Violation("a line that is not a JSON object: " + clip(line));
        }
        if (!type.equals(text(n.get("type")))) {
            throw new Violation("expected a '" + type + "' message, got: " + clip(line));
        }
        return n;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String clip(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
