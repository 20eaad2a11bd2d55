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
     * Does it, now.
     *
     * @return the node it struck
     * @throws IllegalStateException when the cluster has nothing it can strike (no primary to kill)
     */
    String strike(Cluster cluster) throws InterruptedException;
}
