package dev.dbrace.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrace.api.KeySource;
import dev.dbrace.db.Endpoint;
import dev.dbrace.db.Target;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh keys for a worker's own table, from the team's keys command ({@code --keys-command}). dbrace runs it with
 * {@code sh -c} whenever the race needs more keys, with the target and the batch in its environment:
 * {@code DBRACE_FAMILY}, {@code DBRACE_HOST}, {@code DBRACE_PORT}, {@code DBRACE_DATABASE}, {@code DBRACE_USER},
 * {@code DBRACE_PASSWORD}, {@code DBRACE_TABLE}, {@code DBRACE_KEYS_FROM} and {@code DBRACE_KEYS_COUNT}. It creates
 * whatever parent rows the keys need, commits them, and prints one JSON object per key, e.g.
 * {@code {"thing_id":17,"owner_id":4}}: each key column's value, for a key no earlier run used. {@code DBRACE_KEYS_FROM}
 * does not restart at 0: it counts on, across the batches and runs of one dbrace process, from the epoch microseconds at
 * the process's start, so a command that stamps its keys with it makes keys no earlier run (or process) used.
 */
final class KeysCommand implements KeySource {

    /** How long one batch may take: a cold ORM's start and a few thousand parent rows. */
    static final long BOUND_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The next number to hand out as {@code DBRACE_KEYS_FROM}: fresh across runs and processes. */
    private static final AtomicLong NEXT = new AtomicLong(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));

    private final String command;
    private final String table;
    private final List<String> columns;
    private final Target target;
    /** The keys made so far, replaced whole by each batch: racing threads read it while the next batch is made. */
    private volatile List<List<Object>> keys = List.of();

    KeysCommand(String command, String table, List<String> columns, Target target) {
        this.command = command;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.target = target;
    }

    @Override
    public List<Object> key(long index) {
        return keys.get(Math.toIntExact(index));
    }

    @Override
    public void prepare(Connection c, long count) throws SQLException {
        List<List<Object>> have = keys;
        if (count <= have.size()) {
            return;
        }
        long from = have.size();
        List<List<Object>> more = new ArrayList<>(have);
        more.addAll(batch(count - from));
        keys = List.copyOf(more);
    }

    private List<List<Object>> batch(long count) throws SQLException {
        Path stdout = null;
        Path stderr = null;
        Process p = null;
        try {
            stdout = Files.createTempFile("dbrace-keys-", ".out");
            stderr = Files.createTempFile("dbrace-keys-", ".log");
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Endpoint e = target.endpoint();
            pb.environment().putAll(Map.of("DBRACE_FAMILY", e.family(), "DBRACE_HOST", e.host(),
                    "DBRACE_PORT", String.valueOf(e.port()), "DBRACE_DATABASE", e.database(), "DBRACE_USER", target.user(),
                    "DBRACE_PASSWORD", target.password(), "DBRACE_TABLE", table,
                    "DBRACE_KEYS_FROM", String.valueOf(NEXT.getAndAdd(count)), "DBRACE_KEYS_COUNT", String.valueOf(count)));
            p = pb.start();
            if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {      // its output is in a file: the bound holds
                throw failure("did not exit within " + BOUND_SECONDS + " s; it was killed", stderr);
            }
            if (p.exitValue() != 0) {
                throw failure("exited with status " + p.exitValue(), stderr);
            }
            List<List<Object>> made = new ArrayList<>();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    made.add(key(line));
                }
            }
            if (made.size() != count) {
                throw failure("printed " + made.size() + " keys where " + count + " were asked for (DBRACE_KEYS_COUNT)",
                        stderr);
            }
            return made;
        } catch (IOException x) {
            throw new SQLException("the keys command '" + command + "' could not be run: " + x.getMessage(), x);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the keys command '" + command + "' ran", x);
        } finally {
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /** One key: a JSON object with a value for each key column, in the columns' order. */
    private List<Object> key(String line) throws SQLException {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException x) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new SQLException("the keys command '" + command + "' printed a line that is not a JSON object: " + line);
        }
        List<Object> values = new ArrayList<>();
        for (String column : columns) {
            JsonNode v = n.get(column);
            if (v == null || v.isNull() || v.isContainerNode()) {
                throw new SQLException("the keys command '" + command + "' printed a key without a value for "
                        + column + " (--key-columns " + String.join(",", columns) + "): " + line);
            }
            values.add(v.isIntegralNumber() ? (Object) v.asLong() : v.isNumber() ? v.decimalValue() : v.asText());
        }
        return values;
    }

    private SQLException failure(String what, Path stderr) {
        String tail = "";
        try {
            List<String> lines = Files.readAllLines(stderr);
            tail = lines.isEmpty() ? "" : "; its stderr ends:\n  | "
                    + String.join("\n  | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException ignored) {
            // no stderr to show
        }
        return new SQLException("the keys command '" + command + "' " + what + tail);
    }
}
