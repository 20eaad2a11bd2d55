package dev.dbrace.fault;

import dev.dbrace.topology.Cluster;

/** {@code kill-primary}: SIGKILL of the node the cluster says takes writes now, and of what manages it. */
final class KillPrimary implements Fault {

    @Override
    public String describe() {
        return "kill-primary";
    }

    @Override
    public String strike(Cluster cluster) throws InterruptedException {
        String primary = cluster.primary().orElseThrow(() -> new IllegalStateException(cluster.name()
                + " has no primary to kill: no node says it takes writes (use kill-node:N)"));
        cluster.kill(primary);
        return primary;
    }
}
