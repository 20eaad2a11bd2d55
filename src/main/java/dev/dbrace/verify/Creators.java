package dev.dbrace.verify;

import dev.dbrace.strategy.CallTrace.TracedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every call that was told it created its key's row, with where it ran and the statements it sent: what
 * {@link Forensics} shows when verification finds two creators for a key, or a creator's row missing.
 * Written by the racing threads, one entry per created call (at most {@link #KEPT}); {@link #NONE} keeps
 * nothing, for callers whose statements dbrace does not see.
 */
public class Creators {

    /** Creators kept in one race; later ones are counted. */
    public static final int KEPT = 50_000;

    /** Keeps nothing: callers whose statements dbrace does not see (workers, the user's Java code). */
    public static final Creators NONE = new Creators() {
        @Override
        public void add(long key, String node, long session, long id, List<TracedStatement> statements) {
        }
    };

    /** One caller told "created". */
    public record Creator(String node, long session, long id, List<TracedStatement> statements) {
    }

    private final Map<Long, List<Creator>> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final AtomicLong notKept = new AtomicLong();

    public void add(long key, String node, long session, long id, List<TracedStatement> statements) {
        if (kept.incrementAndGet() > KEPT) {
            notKept.incrementAndGet();
            return;
        }
        byKey.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>(2)))
                .add(new Creator(node, session, id, List.copyOf(statements)));
    }

    /** The creators kept for {@code key}, in the order they were told. */
    public List<Creator> of(long key) {
        List<Creator> c = byKey.get(key);
        if (c == null) {
            return List.of();
        }
        synchronized (c) {
            return List.copyOf(c);
        }
    }

    /** The keys with a creator kept. */
    public Set<Long> keys() {
        return byKey.keySet();
    }

    /** Creators told after {@link #KEPT} were kept. */
    public long notKept() {
        return notKept.get();
    }
}
