package dev.dbrace.race;

import dev.dbrace.fault.FaultPlan;
import dev.dbrace.topology.Cluster;

/**
 * Strikes a race's cluster as its {@link FaultPlan} says, on a thread of its own, and ends the race when the plan
 * is done: {@code after} past the failover's end, or at once when no call succeeded within the failover's bound.
 * It reads only the calls' history (answered calls, the first success after the strike), never the clock of a call.
 */
final class FaultDriver implements Runnable {

    /** How often the driver looks at the history: the loop ends on the calls' evidence, not on this. */
    private static final long POLL_MILLIS = 20;

    private final FaultPlan plan;
    private final Cluster cluster;
    private final CallHistory history;
    private final KeySchedule keys;
    private volatile boolean done;
    private volatile String node;
    private volatile String failure;
    private volatile boolean boundPassed;
    private volatile long strikeStartNanos = Long.MAX_VALUE;

    FaultDriver(FaultPlan plan, Cluster cluster, CallHistory history, KeySchedule keys) {
        this.plan = plan;
        this.cluster = cluster;
        this.history = history;
        this.keys = keys;
    }

    @Override
    public void run() {
        try {
            while (!done && !due()) {
                Thread.sleep(POLL_MILLIS);
            }
            // the check and the strike are one step against finish(): no kill lands after the race has ended
            synchronized (this) {
                if (done) {
                    return;
                }
                strikeStartNanos = System.nanoTime();
                try {
                    node = plan.fault().strike(cluster);
                } catch (RuntimeException e) {
                    failure = plan.fault().describe() + " could not strike: " + e.getMessage();
                    keys.stop();
                    return;
                }
            }
            // the node is dead from here on: a call begun later that succeeds was served by another
            long struck = System.nanoTime();
            history.struck(struck);
            while (!done && history.healedNanos() == 0) {
                if (System.nanoTime() - struck > plan.failoverBound().toNanos()) {
                    boundPassed = true;
                    keys.stop();
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
            while (!done && !over()) {
                Thread.sleep(POLL_MILLIS);
            }
            keys.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the fault is due: enough calls answered, or enough time since the first call started. */
    private boolean due() {
        if (plan.atCalls() >= 0) {
            return history.answered() >= plan.atCalls();
        }
        long first = history.firstStartNanos();
        return first != 0 && System.nanoTime() - first >= plan.atNanos();
    }

    /** Whether the race has gone on long enough after the failover. */
    private boolean over() {
        if (plan.afterCalls() >= 0) {
            return history.answeredAfterHealed() >= plan.afterCalls();
        }
        return System.nanoTime() - history.healedNanos() >= plan.afterNanos();
    }

    /** Called when the race's threads have stopped (the race may end before the fault was due); waits for a strike under way. */
    synchronized void finish() {
        done = true;
    }

    /** When the strike began: the fault window opens here (calls that end while the node is being killed are in it). */
    long strikeStartNanos() {
        return strikeStartNanos;
    }

    /** The node it struck; null when it did not strike. */
    String node() {
        return node;
    }

    /** Why it could not strike; null when it did, or was not due. */
    String failure() {
        return failure;
    }

    /** No call succeeded within the failover's bound after the strike. */
    boolean boundPassed() {
        return boundPassed;
    }
}
