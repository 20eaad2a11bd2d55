package dev.dbrace.topology;

import dev.dbrace.db.Target;
import java.util.List;
import java.util.Optional;

/** The topologies {@code --db} can start: {@code NAME} or {@code NAME:OPTION}. */
public final class Topologies {

    private static final List<Topology> ALL = List.of(new GaleraTopology(), new MariaDbReplicaTopology(),
            new PostgresReplicaTopology(), new PatroniTopology(),
            new MariaDbFailoverTopology());

    private Topologies() {
    }

    public static List<Topology> all() {
        return ALL;
    }

    /** The topology {@code db} names ({@code galera:5} names {@code galera}), if any. */
    public static Optional<Topology> find(String db) {
        String name = db.contains(":") ? db.substring(0, db.indexOf(':')) : db;
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Starts the topology {@code db} names, with what follows its colon as the option. */
    public static Target start(String db, int maxConnections) throws Exception {
        Topology t = find(db).orElseThrow(() -> new IllegalArgumentException("no topology named '" + db + "'"));
        return t.start(db.contains(":") ? db.substring(db.indexOf(':') + 1) : "", maxConnections);
    }
}
