package dev.dbrace.outcome;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The first few error messages seen for each failing outcome, for the report; bounded. */
public final class Samples {

    private static final int PER_OUTCOME = 3;
    /** Where a sample's statements begin, when the gate recorded them: after this, separated by {@link #BETWEEN}. */
    public static final String STATEMENTS = "; the call's statements: ";
    /** Between two of a sample's statements. */
    public static final String BETWEEN = " | ";

    private final Map<Outcome, List<String>> byOutcome = new ConcurrentHashMap<>();

    public void add(Outcome outcome, Throwable t) {
        add(outcome, () -> text(t));
    }

    /**
     * Keeps the text {@code sample} makes, if fewer than three samples of {@code outcome} are kept; the
     * text is built only then, so a racing thread pays nothing for its thousandth failure.
     */
    public void add(Outcome outcome, Supplier<String> sample) {
        if (!full(outcome)) {
            add(outcome, sample.get());
        }
    }

    /** "SQLState 40001, code 1213: Deadlock found …", or the exception's simple name and message. */
    public static String text(Throwable t) {
        return t instanceof SQLException e
                ? "SQLState " + e.getSQLState() + ", code " + e.getErrorCode() + ": " + e.getMessage()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private boolean full(Outcome outcome) {
        List<String> list = byOutcome.get(outcome);
        return list != null && list.size() >= PER_OUTCOME;
    }

    /** Keeps {@code text}, as the caller saw it, if fewer than three samples of {@code outcome} are kept. */
    public void add(Outcome outcome, String text) {
        List<String> list = byOutcome.computeIfAbsent(outcome, o -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            if (list.size() < PER_OUTCOME) {
                list.add(text);
            }
        }
    }

    /** Creators' lanes kept, the latest: a failed call's creator answers shortly before it, or after. */
    private static final int RECENT_CREATORS = 1024;
    private final Map<String, Swimlane.Lane> creators = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Swimlane.Lane> eldest) {
            return size() > RECENT_CREATORS;
        }
    };
    /** Per failing outcome, the first call drawn beside its creator. */
    private final Map<Outcome, Swimlane> drawn = new EnumMap<>(Outcome.class);
    /** Per failing outcome, the latest call whose creator has not answered yet. */
    private final Map<Outcome, Waiting> waiting = new EnumMap<>(Outcome.class);

    private record Waiting(String key, Swimlane.Lane lane) {
    }

    /**
     * A call told it created {@code key}'s row, and its statements (each {@link Swimlane.Box}'s times in
     * {@link System#nanoTime()}): a failed call of the same key, now or later, is drawn beside it.
     */
    public synchronized void creator(String key, Swimlane.Lane lane) {
        creators.put(key, lane);
        waiting.entrySet().removeIf(e -> {
            if (e.getValue().key().equals(key)) {
                drawn.putIfAbsent(e.getKey(), draw(e.getKey(), key, e.getValue().lane(), lane));
                return true;
            }
            return false;
        });
    }

    /** Whether a failed call of {@code outcome} is still wanted for a drawing: callers skip building its lane else. */
    public synchronized boolean wantsDrawing(Outcome outcome) {
        return !drawn.containsKey(outcome);
    }

    /** A call that ended in {@code outcome} on {@code key}, and its statements (times in nanoTime). */
    public synchronized void failed(Outcome outcome, String key, Swimlane.Lane lane) {
        if (drawn.containsKey(outcome)) {
            return;
        }
        Swimlane.Lane creator = creators.get(key);
        if (creator != null) {
            drawn.put(outcome, draw(outcome, key, lane, creator));
            waiting.remove(outcome);
        } else {
            waiting.put(outcome, new Waiting(key, lane));
        }
    }

    /** The drawings made: one per failing outcome whose call's creator was seen. */
    public synchronized List<Swimlane> swimlanes() {
        return List.copyOf(drawn.values());
    }

    /** The two lanes on one clock: microseconds from the earlier lane's first statement. */
    private static Swimlane draw(Outcome outcome, String key, Swimlane.Lane failed, Swimlane.Lane creator) {
        long origin = Long.MAX_VALUE;
        for (Swimlane.Lane l : List.of(failed, creator)) {
            for (Swimlane.Box b : l.boxes()) {
                origin = Math.min(origin, b.startUs());
            }
        }
        List<Swimlane.Lane> lanes = new ArrayList<>();
        for (Swimlane.Lane l : List.of(failed, creator)) {
            List<Swimlane.Box> boxes = new ArrayList<>();
            for (Swimlane.Box b : l.boxes()) {
                boxes.add(new Swimlane.Box(b.sql(), b.answer(), b.failed(), (b.startUs() - origin) / 1000,
                        (b.endUs() - origin) / 1000));
            }
            lanes.add(new Swimlane.Lane(l.who(), List.copyOf(boxes)));
        }
        return new Swimlane(outcome, key, List.copyOf(lanes));
    }

    public Map<Outcome, List<String>> asMap() {
        Map<Outcome, List<String>> copy = new EnumMap<>(Outcome.class);
        byOutcome.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        return copy;
    }
}
