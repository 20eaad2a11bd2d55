package dev.dbrace.topology;

import java.util.List;
import java.util.Optional;

/**
 * The servers of a topology dbrace started, as a fault sees them: their names, which one is the primary now, and a
 * way to kill one as a machine dies (SIGKILL of its server process and of whatever manages it). A target started
 * with {@code --db} carries its cluster: {@code target.part(Cluster.class)}.
 */
public interface Cluster {

    /** The topology's name with its option, as {@code --db} took it: {@code patroni:sync}. */
    String name();

    /** Every node, by the name reports use ({@code node1}, {@code node2}), in start order. */
    List<String> nodes();

    /**
     * The node that takes writes now, as the cluster itself says (Patroni's REST API); empty when none does, or
     * when the topology has no single primary (Galera).
     */
    Optional<String> primary() throws InterruptedException;

    /** Why {@code node} may not be killed (it sets the race up and verifies it, say); empty when it may. */
    default Optional<String> unkillable(String node) {
        return nodes().contains(node) ? Optional.empty() : Optional.of("no node '" + node + "' in " + name()
                + " (nodes " + nodes() + ")");
    }

    /**
     * Kills {@code node} at once: SIGKILL of every process it runs, with no clean shutdown and no time to flush.
     *
     * @throws IllegalArgumentException for a name that is not a node, or a node already killed
     */
    void kill(String node) throws InterruptedException;
}
