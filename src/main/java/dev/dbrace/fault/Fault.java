package dev.dbrace.fault;

import dev.dbrace.topology.Cluster;

/**
 * One thing that goes wrong with a cluster in the middle of a race ({@code --fault}): a node dies. Implementations
 * are small and say what they strike; {@link FaultPlan} says when.
 */
public interface Fault {

    /** How {@code --fault} names it, and reports show it: {@code kill-primary}, {@code kill-node:2}. */
    String describe();

    /**
     * Refuses, before the race starts, a fault that could never strike this cluster (a node it does not have, or may
     * not kill); does nothing where only the moment can tell (which node is the primary then).
     *
     * @throws IllegalArgumentException saying why
     */
    default void check(Cluster cluster) {
    }

    /**
     * Does it, now.
     *
     * @return the node it struck
     * @throws IllegalStateException when the cluster has nothing it can strike (no primary to kill)
     */
    String strike(Cluster cluster) throws InterruptedException;
}
