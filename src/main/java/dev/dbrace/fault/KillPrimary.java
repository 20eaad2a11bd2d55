package dev.dbrace.fault;

import dev.dbrace.topology.Cluster;

/** {@code kill-primary}: SIGKILL of the node the cluster says takes writes now, and of what manages it. */
final class KillPrimary implements Fault {

    @Override
    public String describe() {
        return "kill-primary";
    }

    @Override
    public void check(Cluster cluster) {
        try {
            if (cluster.primary().isEmpty()) {
                throw new IllegalArgumentException("--fault kill-primary: no node of " + cluster.name() + " says it is "
                        + "the primary (on Galera every node takes writes): use kill-node:N");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String strike(Cluster cluster) throws InterruptedException {
        String primary = cluster.primary().orElseThrow(() -> new IllegalStateException(cluster.name()
                + " has no primary to kill: no node says it takes writes (use kill-node:N)"));
        cluster.kill(primary);
        return primary;
    }
}
