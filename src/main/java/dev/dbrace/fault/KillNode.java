package dev.dbrace.fault;

import dev.dbrace.topology.Cluster;

/** {@code kill-node:N}: SIGKILL of the cluster's N-th node (from 1, in start order), whatever its role. */
final class KillNode implements Fault {

    private final int number;

    KillNode(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("kill-node counts nodes from 1, not " + number);
        }
        this.number = number;
    }

    @Override
    public String describe() {
        return "kill-node:" + number;
    }

    @Override
    public void check(Cluster cluster) {
        if (number > cluster.nodes().size()) {
            throw new IllegalArgumentException("--fault " + describe() + ": " + cluster.name() + " has "
                    + cluster.nodes().size() + " nodes");
        }
        cluster.unkillable(cluster.nodes().get(number - 1)).ifPresent(why -> {
            throw new IllegalArgumentException("--fault " + describe() + ": " + why);
        });
    }

    @Override
    public String strike(Cluster cluster) throws InterruptedException {
        if (number > cluster.nodes().size()) {
            throw new IllegalStateException(cluster.name() + " has " + cluster.nodes().size() + " nodes; there is no node "
                    + number + " to kill");
        }
        String node = cluster.nodes().get(number - 1);
        cluster.kill(node);
        return node;
    }
}
