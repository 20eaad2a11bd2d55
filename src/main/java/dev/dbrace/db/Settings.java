package dev.dbrace.db;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Server settings a race's connections run with ({@code --set NAME=VALUE}), in the order given.
 * Applied by the dialect at connect time, read back, and carried by every report.
 */
public record Settings(Map<String, String> values) {

    public static final Settings NONE = new Settings(Map.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:+ -]*");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)on|off|true|false");

    public Settings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@code innodb_snapshot_isolation=ON transaction_isolation=…}, or "" when none. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    /**
     * Parses settings given one value each ({@code explain --set}, {@code --server-set}, a {@code check}
     * entry).
     *
     * @throws IllegalArgumentException for a malformed one, or a comma list
     */
    public static Settings one(List<String> args) {
        List<Settings> sweep = sweep(args);
        if (sweep.size() != 1) {
            throw new IllegalArgumentException("one value per setting here: " + String.join(" ", args));
        }
        return sweep.get(0);
    }

    /** These settings and {@code name=value} (checked as a --set is). */
    public Settings with(String name, String value) {
        List<String> args = new ArrayList<>();
        values.forEach((k, v) -> {
            if (!k.equals(name)) {
                args.add(k + "=" + v);
            }
        });
        args.add(name + "=" + value);
        return one(args);
    }

    /**
     * A value as read back, in the words it was asked in: MySQL reads a boolean variable back as 1 or 0,
     * which a report shows as the ON or OFF that was asked.
     */
    public static String shown(String asked, String read) {
        if (asked != null && read != null && BOOLEAN.matcher(asked).matches() && (read.equals("1") || read.equals("0"))) {
            return read.equals("1") ? "ON" : "OFF";
        }
        return read;
    }

    /**
     * Parses {@code --set} arguments, each {@code NAME=VALUE[,VALUE…]}, into every combination of their
     * values (a comma list sweeps like {@code --isolation}); one empty Settings when none are given.
     *
     * @throws IllegalArgumentException naming the argument that is malformed
     */
    public static List<Settings> sweep(List<String> args) {
        List<Settings> combos = new ArrayList<>(List.of(NONE));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq).trim();
            if (eq <= 0 || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("--set " + arg + ": expected NAME=VALUE[,VALUE…] with a variable name");
            }
            List<String> vals = new ArrayList<>();
            for (String v : arg.substring(eq + 1).split(",", -1)) {
                String t = v.trim();
                if (t.isEmpty() || !VALUE.matcher(t).matches()) {
                    throw new IllegalArgumentException("--set " + arg + ": '" + t + "' is not a plain value "
                            + "(letters, digits, spaces, _ . : + -)");
                }
                vals.add(t);
            }
            List<Settings> next = new ArrayList<>();
            for (Settings s : combos) {
                if (s.values.containsKey(name)) {
                    throw new IllegalArgumentException("--set " + name + " is given twice; list its values in one --set");
                }
                for (String v : vals) {
                    Map<String, String> m = new LinkedHashMap<>(s.values);
                    m.put(name, v);
                    next.add(new Settings(m));
                }
            }
            combos = next;
        }
        return combos;
    }
}
