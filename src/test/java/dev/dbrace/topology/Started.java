package dev.dbrace.topology;

import dev.dbrace.db.Target;
import dev.dbrace.support.Tools;

/** Starts a topology for a test class once its binaries are known to be here (skips, or fails under CI, if not). */
final class Started {

    private Started() {
    }

    static Target galera() throws Exception {
        Tools.require("/usr/sbin/mariadbd", "Debian's mariadb-server runs the Galera nodes");
        Tools.require("/usr/bin/mariadb-install-db", "Debian's mariadb-server installs the nodes' data directory");
        Tools.requireFile("/usr/lib/galera/libgalera_smm.so", "Debian's galera-4 is the cluster's provider");
        Tools.require("/usr/bin/rsync", "the joining nodes' state transfer uses rsync");
        return Topologies.start("galera", 64);
    }

    static Target mariaDbReplica(String option) throws Exception {
        Tools.require("/usr/sbin/mariadbd", "Debian's mariadb-server runs the primary and the replica");
        Tools.require("/usr/bin/mariadb-install-db", "Debian's mariadb-server installs their data directory");
        return Topologies.start("mariadb-replica" + option, 64);
    }

    static Target postgresReplica(String option) throws Exception {
        Tools.require("/usr/lib/postgresql/15/bin/initdb", "PostgreSQL 15's initdb makes the primary");
        Tools.require("/usr/lib/postgresql/15/bin/pg_basebackup", "PostgreSQL 15's pg_basebackup makes the standby");
        Tools.require("/usr/lib/postgresql/15/bin/postgres", "PostgreSQL 15's server runs both");
        return Topologies.start("postgres-replica" + option, 64);
    }

    static Target patroni(String option) throws Exception {
        Tools.require("/usr/bin/patroni", "Debian's patroni manages the PostgreSQL nodes");
        Tools.require("/usr/bin/etcd", "Debian's etcd-server holds Patroni's leader key");
        Tools.require("/usr/sbin/haproxy", "Debian's haproxy routes callers to the leader");
        Tools.require("/usr/lib/postgresql/15/bin/postgres", "PostgreSQL 15's server runs each node");
        return Topologies.start("patroni" + option, 64);
    }

    static Target mariaDbFailover(String option) throws Exception {
        requireMariaDbFailover();
        return Topologies.start("mariadb-failover" + option, 64);
    }

    /** Skips (fails under CI) when what --db mariadb-failover starts is not installed. */
    static void requireMariaDbFailover() {
        Tools.require("/usr/sbin/mariadbd", "Debian's mariadb-server runs the primary and the replica");
        Tools.require("/usr/bin/mariadb-install-db", "Debian's mariadb-server installs their data directory");
        Tools.require("/usr/sbin/haproxy", "Debian's haproxy points the callers at the primary, then at the replica");
    }
}
