package dev.dbrace.check;

import dev.dbrace.db.Isolation;
import dev.dbrace.db.Settings;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.strategy.Strategies;
import dev.dbrace.worker.WorkerCommand;
import dev.dbrace.worker.WorkerTable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an expectations file (YAML) into an {@link ExpectationFile}; every mistake is reported as
 * {@code FILE:LINE: what is wrong}.
 *
 * <pre>
 * target: embedded-mariadb          # or a JDBC URL, or an image such as mysql:8.4
 * threads: 16
 * rounds: 2000
 * prior_read: false
 * expect:
 *   - {strategy: naive,          isolation: repeatable-read, verdict: racy}
 *   - {strategy: upsert,                                    verdict: safe, min_rounds: 1000}
 *   - {strategy: read-committed,                            verdict: safe, max_p99_ms: 50}
 *   - {strategy: django-modern,  verdict: safe, allow: {deadlock: 10}}
 *   - {worker: '/usr/bin/python3 app/race_worker.py', name: ours, isolation: repeatable-read, verdict: safe}
 *   - {worker: '…', verdict: safe, explore: true,
 *      table: {name: myapp_myobj, key_columns: [thing_id, owner_id], keys_command: '…'}}
 * </pre>
 */
public record ExpectationFile(String target, Integer threads, Long rounds, boolean priorRead,
                              List<Expectation> expectations) {

    private static final Set<String> TOP = Set.of("target", "threads", "rounds", "prior_read", "expect");
    private static final Set<String> ENTRY = Set.of("strategy", "worker", "name", "isolation", "settings", "verdict",
            "allow", "max_p99_ms", "min_throughput_ops_s", "min_rounds", "explore", "table");
    private static final Set<String> TABLE = Set.of("name", "key_columns", "id_column", "keys_command");


    /** A malformed or missing file; the message names the file and line. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    public static ExpectationFile read(Path file) throws Invalid {
        return read(file, false);
    }

    /**
     * @param javaCode true when {@code check --strategy-jar} gave jars: a {@code strategy} that names a class
     *                 (a dotted name that is not one of dbrace's) is the team's Java code
     */
    public static ExpectationFile read(Path file, boolean javaCode) throws Invalid {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Node root = new Yaml(new LoaderOptions()).compose(r);
            return new Parser(file.toString(), javaCode).parse(root);
        } catch (NoSuchFileException e) {
            throw new Invalid(file + ": no such file");
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new Invalid(file + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read: " + e.getMessage());
        }
    }

    private record Parser(String file, boolean javaCode) {

        ExpectationFile parse(Node root) throws Invalid {
            if (!(root instanceof MappingNode top)) {
                throw fail(root, "expected a mapping with 'target', 'threads', 'rounds' and 'expect'");
            }
            String target = null;
            Integer threads = null;
            Long rounds = null;
            boolean priorRead = false;
            List<Expectation> list = null;
            for (NodeTuple t : top.getValue()) {
                String key = scalar(t.getKeyNode());
                Node v = t.getValueNode();
                switch (check(key, TOP, t.getKeyNode())) {
                    case "target" -> target = scalar(v);
                    case "threads" -> threads = (int) positive(v, "threads");
                    case "rounds" -> rounds = positive(v, "rounds");
                    case "prior_read" -> priorRead = bool(v);
                    default -> list = entries(v);
                }
            }
            if (list == null || list.isEmpty()) {
                throw new Invalid(file + ":1: no 'expect' list: nothing to check");
            }
            return new ExpectationFile(target, threads, rounds, priorRead, list);
        }

        private List<Expectation> entries(Node v) throws Invalid {
            if (!(v instanceof SequenceNode seq)) {
                throw fail(v, "'expect' must be a list of entries");
            }
            List<Expectation> list = new ArrayList<>();
            Map<String, String> commands = new HashMap<>();
            for (Node n : seq.getValue()) {
                Expectation e = entry(n);
                String other = e.worker() == null ? null : commands.putIfAbsent(e.strategy(), e.worker());
                if (other != null && !other.equals(e.worker())) {
                    throw fail(n, "two workers are named '" + e.strategy() + "' ('" + other + "' and '" + e.worker()
                            + "'); tell them apart with 'name:'");
                }
                list.add(e);
            }
            return list;
        }

        private Expectation entry(Node n) throws Invalid {
            if (!(n instanceof MappingNode m)) {
                throw fail(n, "each entry must be a mapping like {strategy: naive, verdict: racy}");
            }
            String strategy = null;
            String worker = null;
            String name = null;
            Isolation isolation = null;
            Settings settings = Settings.NONE;
            Expectation.Claim verdict = null;
            Map<Outcome, Long> allow = new EnumMap<>(Outcome.class);
            Double p99 = null;
            Double ops = null;
            Long minRounds = null;
            boolean explore = false;
            WorkerTable table = null;
            for (NodeTuple t : m.getValue()) {
                Node v = t.getValueNode();
                switch (check(scalar(t.getKeyNode()), ENTRY, t.getKeyNode())) {
                    case "strategy" -> {
                        strategy = scalar(v);
                        if (!Strategies.names().contains(strategy) && !(javaCode && Strategies.isClassName(strategy))) {
                            throw fail(v, "unknown strategy '" + strategy + "'; known: " + String.join(", ", Strategies.names())
                                    + (strategy.contains(".") ? "; a class of yours needs check --strategy-jar JAR" : ""));
                        }
                    }
                    case "worker" -> {
                        worker = scalar(v);
                        if (worker.isEmpty()) {
                            throw fail(v, "'worker' needs the command that starts your worker");
                        }
                    }
                    case "name" -> name = scalar(v);
                    case "settings" -> settings = settings(v);
                    case "isolation" -> {
                        try {
                            isolation = Isolation.parse(scalar(v));
                        } catch (IllegalArgumentException e) {
                            throw fail(v, "unknown isolation '" + scalar(v) + "'; use read-committed, repeatable-read or serializable");
                        }
                    }
                    case "verdict" -> {
                        try {
                            verdict = Expectation.Claim.valueOf(scalar(v).toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            throw fail(v, "verdict must be safe or racy, not '" + scalar(v) + "'");
                        }
                    }
                    case "allow" -> allow = allowed(v);
                    case "max_p99_ms" -> p99 = number(v, "max_p99_ms");
                    case "explore" -> explore = bool(v);
                    case "table" -> table = table(v);
                    case "min_rounds" -> {
                        double d = number(v, "min_rounds");
                        if (d < 1 || d != Math.rint(d)) {
                            throw fail(v, "min_rounds must be a whole number of rounds, at least 1");
                        }
                        minRounds = (long) d;
                    }
                    default -> ops = number(v, "min_throughput_ops_s");
                }
            }
            if ((strategy == null) == (worker == null) || verdict == null) {
                throw fail(n, "an entry needs a 'verdict' and either a 'strategy' or a 'worker' (not both)");
            }
            if (name != null && worker == null) {
                throw fail(n, "'name' names a worker; a strategy has its own");
            }
            if (worker != null) {
                strategy = name != null ? name : WorkerCommand.defaultName(worker);
                if (Strategies.names().contains(strategy)) {
                    throw fail(n, "the worker's name '" + strategy + "' is a strategy's; give it another with 'name:'");
                }
            }
            if (minRounds != null && verdict != Expectation.Claim.SAFE) {
                throw fail(n, "min_rounds goes with verdict: safe (how rare an escape a clean run could have missed)");
            }
            if (explore && strategy.equals("retry")) {
                throw fail(n, "explore: true does not apply to retry: its backoff makes its interleavings unbounded");
            }
            if (table != null && worker == null && !Strategies.isClassName(strategy)) {
                throw fail(n, "'table' races a worker or your Java class on your own table; dbrace's strategies know only "
                        + "dbrace's tables");
            }
            return new Expectation(strategy, worker, isolation, settings, verdict, allow, p99, ops, minRounds, explore,
                    table, line(n));
        }

        /** {@code {name: t, key_columns: [a, b], id_column: id, keys_command: '…'}}: the team's own table. */
        private WorkerTable table(Node v) throws Invalid {
            if (!(v instanceof MappingNode m)) {
                throw fail(v, "'table' must be a mapping like {name: orders, key_columns: [a, b], keys_command: '…'}");
            }
            String name = null;
            List<String> columns = new ArrayList<>();
            String id = "id";
            String keys = null;
            for (NodeTuple t : m.getValue()) {
                Node x = t.getValueNode();
                switch (check(scalar(t.getKeyNode()), TABLE, t.getKeyNode())) {
                    case "name" -> name = identifier(x);
                    case "id_column" -> id = identifier(x);
                    case "keys_command" -> keys = scalar(x);
                    default -> {
                        if (x instanceof SequenceNode seq) {
                            for (Node c : seq.getValue()) {
                                columns.add(identifier(c));
                            }
                        } else {
                            for (String c : scalar(x).split(",")) {
                                columns.add(identifier(new ScalarNode(x.getTag(), c.strip(), x.getStartMark(),
                                        x.getEndMark(), DumperOptions.ScalarStyle.PLAIN)));
                            }
                        }
                    }
                }
            }
            if (name == null || columns.isEmpty() || keys != null && keys.isBlank()) {
                throw fail(v, "'table' needs name and key_columns (its unique key), and keys_command where a foreign key "
                        + "constrains them");
            }
            return new WorkerTable(name, List.copyOf(columns), id, keys);
        }

        private String identifier(Node v) throws Invalid {
            String s = scalar(v);
            if (!WorkerTable.plainName(s)) {
                throw fail(v, "'" + s + "' is not a plain table or column name (letters, digits, _ and $; a table may be "
                        + "schema.table)");
            }
            return s;
        }

        /** {@code {innodb_snapshot_isolation: ON}}: one value per setting (a file lists each combination it claims). */
        private Settings settings(Node v) throws Invalid {
            if (!(v instanceof MappingNode m)) {
                throw fail(v, "'settings' must map names to values, like {innodb_snapshot_isolation: ON}");
            }
            List<String> args = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                String value = scalar(t.getValueNode());
                if (value.contains(",")) {
                    throw fail(t.getValueNode(), "one value per setting in an entry; write an entry per value");
                }
                args.add(scalar(t.getKeyNode()) + "=" + value);
            }
            try {
                return Settings.one(args);
            } catch (IllegalArgumentException e) {
                throw fail(v, e.getMessage());
            }
        }

        private Map<Outcome, Long> allowed(Node v) throws Invalid {
            if (!(v instanceof MappingNode m)) {
                throw fail(v, "'allow' must map outcomes to limits, like {deadlock: 10}");
            }
            Map<Outcome, Long> allow = new EnumMap<>(Outcome.class);
            for (NodeTuple t : m.getValue()) {
                String name = scalar(t.getKeyNode());
                Outcome o;
                try {
                    o = Outcome.valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    o = null;
                }
                if (o == null || o.isSuccess()) {
                    throw fail(t.getKeyNode(), "'" + name + "' is not a failing outcome (deadlock, lock_wait_timeout, "
                            + "serialization_failure, call_timeout, connection_error, does_not_exist, integrity_error, other)");
                }
                allow.put(o, nonNegative(t.getValueNode(), name));
            }
            return allow;
        }

        private String check(String key, Set<String> known, Node at) throws Invalid {
            if (!known.contains(key)) {
                throw fail(at, "unknown key '" + key + "'; expected one of " + String.join(", ", known.stream().sorted().toList()));
            }
            return key;
        }

        private String scalar(Node n) throws Invalid {
            if (!(n instanceof ScalarNode s)) {
                throw fail(n, "expected a single value here");
            }
            return s.getValue().trim();
        }

        private long positive(Node n, String what) throws Invalid {
            long v = nonNegative(n, what);
            if (v < 1) {
                throw fail(n, what + " must be at least 1");
            }
            return v;
        }

        private long nonNegative(Node n, String what) throws Invalid {
            try {
                long v = Long.parseLong(scalar(n));
                if (v < 0) {
                    throw fail(n, what + " must not be negative");
                }
                return v;
            } catch (NumberFormatException e) {
                throw fail(n, what + " must be a whole number, not '" + scalar(n) + "'");
            }
        }

        private double number(Node n, String what) throws Invalid {
            try {
                double v = Double.parseDouble(scalar(n));
                if (!(v > 0)) {
                    throw fail(n, what + " must be positive");
                }
                return v;
            } catch (NumberFormatException e) {
                throw fail(n, what + " must be a number, not '" + scalar(n) + "'");
            }
        }

        private boolean bool(Node n) throws Invalid {
            String s = scalar(n);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
            throw fail(n, "expected true or false, not '" + s + "'");
        }

        private int line(Node n) {
            return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
        }

        private Invalid fail(Node n, String message) {
            return new Invalid(file + ":" + (n == null ? 1 : line(n)) + ": " + message);
        }
    }
}
