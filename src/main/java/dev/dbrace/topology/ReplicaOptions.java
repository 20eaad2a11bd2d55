package dev.dbrace.topology;

import java.time.Duration;
import java.util.Set;

/**
 * The options of a replica topology after its colon, joined by {@code +}: a mode word
 * ({@code semisync}, {@code sync}, {@code remote-apply}) and {@code lag=DURATION}, a forced apply delay for
 * tests and demonstrations ({@code 500ms}, {@code 1s}).
 */
record ReplicaOptions(String mode, Duration lag) {

    static ReplicaOptions parse(String topology, String option, Set<String> modes) {
        String mode = "";
        Duration lag = Duration.ZERO;
        for (String part : option.isEmpty() ? new String[0] : option.split("\\+")) {
            if (part.startsWith("lag=")) {
                lag = duration(topology, part.substring(4));
            } else if (modes.contains(part) && mode.isEmpty()) {
                mode = part;
            } else {
                throw new IllegalArgumentException(topology + ":" + option + ": unknown option '" + part + "'; "
                        + topology + " takes " + (modes.isEmpty() ? "" : String.join(", ", modes) + " and ")
                        + "lag=DURATION (a forced apply delay), joined by +");
            }
        }
        return new ReplicaOptions(mode, lag);
    }

    private static Duration duration(String topology, String text) {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (NumberFormatException ignored) {
            // the message below says what is taken
        }
        throw new IllegalArgumentException(topology + ": lag=" + text + " is not a duration; use e.g. lag=500ms or lag=1s");
    }
}
