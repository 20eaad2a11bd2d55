package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;

/**
 * One session of an exhaustive exploration as the {@link Explorer} drives it: it parks before each statement
 * that is a step until granted, and says where it is. A {@link Stepper} runs one of dbrace's strategies through a
 * {@link dev.dbrace.strategy.Session}; a {@link GatedStepper} runs a worker's call, its statements held at the
 * statement gate.
 */
interface Stepping extends Runnable {

    /** Where the session is, as the explorer sees it. */
    enum Phase { STARTING, WAITING, RUNNING, DONE }

    /** T1, T2, …: its number from 1. */
    int no();

    /** Its phase, statement, outcome and grant. */
    Turn turn();

    default Phase phase() {
        return turn().phase();
    }

    /** The statement it waits to send, or sends. */
    default String statement() {
        return turn().statement();
    }

    /** What the statement it waits to send does, as other sessions see it. */
    default Footprint footprint() {
        return turn().footprint();
    }

    /** When the statement in flight was sent ({@link System#nanoTime()}); 0 between statements. */
    long sentAt();

    /** What its caller saw; null until {@link Phase#DONE}. */
    default Outcome outcome() {
        return turn().outcome();
    }

    /** The server's id of the session whose statement is in flight, for the lock views. */
    long serverSession();

    /** Lets the parked statement go. */
    default void grant() {
        turn().grant();
    }

    /** Ends the call at its next stop: the session rolls back as after a failure (a run cut short as redundant). */
    default void abort() {
        turn().abort();
    }

    /**
     * Why this session's code cannot be explored (its worker broke, or it did what the explorer cannot order), in
     * one line that names it; null when nothing went wrong.
     */
    default String failure() {
        return null;
    }

    /** True when its transaction may hold row locks another session could wait for (its statements so far say so). */
    boolean holdsLocks();

    /**
     * This session runs the uncounted warm-up: its statements go in the order they come, and a first call's work on
     * other connections (an ORM's set-up queries through its pool on a new connection) is let through, not refused.
     */
    default void warmingUp() {
    }

    /** True when the call sent a statement naming the raced table (dbrace's own strategies always do). */
    default boolean touchedTable() {
        return true;
    }
}
