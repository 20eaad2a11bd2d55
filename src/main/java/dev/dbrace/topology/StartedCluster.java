package dev.dbrace.topology;

import java.io.IOException;

/** What every struck-able topology's cluster shares: its name as {@code --db} took it, and its workspace to close. */
abstract class StartedCluster implements Cluster, AutoCloseable {

    final String label;
    final Workspace ws;

    StartedCluster(String label, Workspace ws) {
        this.label = label;
        this.ws = ws;
    }

    @Override
    public final String name() {
        return label;
    }

    /** Stops every server (last started first) and deletes the folder. */
    @Override
    public final void close() throws IOException {
        ws.close();
    }
}
