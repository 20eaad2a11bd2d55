package dev.dbrace.db;

/**
 * Which nodes of a spread target are still running: a cluster whose nodes a fault may kill says so, and the
 * work after a race (catching up, the node survey, the forensics) asks only the living. A target that carries none
 * ({@link Target#part}) has every node alive.
 */
public interface Liveness {

    boolean alive(Target node);
}
