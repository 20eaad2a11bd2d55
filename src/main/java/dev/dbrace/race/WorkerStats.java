package dev.dbrace.race;

import dev.dbrace.measure.Latency;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.RetryCounts;
import dev.dbrace.outcome.Tally;

/**
 * What one worker counted: written by its thread alone while racing ({@link #calls} and
 * {@link #anomalies} are also read live, for progress), merged once the threads have stopped.
 */
final class WorkerStats {

    final Tally<Outcome> outcomes = new Tally<>(Outcome.class);
    final ErrorLog errors = new ErrorLog();
    final Latency latency = new Latency();
    final RetryCounts retries = new RetryCounts();
    /** Round mode: each measured call's outcome by its round. */
    final RoundTally rounds = new RoundTally();
    /** False when a caller could not see every handled error (see {@link Caller#errorsComplete()}). */
    boolean errorsComplete = true;
    volatile long calls;
    volatile long anomalies;
    /** Of merged stats: the most calls one worker made (hot-key mode reports it as rounds). */
    long maxCallsPerWorker;
    /** System.nanoTime() of the first call that ended in DoesNotExist or IntegrityError; 0 if none. */
    long firstRaceAnomalyNanos;

    /** Counts one measured call. */
    void record(Outcome outcome, long elapsedNanos, int retriesOfCall) {
        latency.record(outcome.isSuccess(), elapsedNanos);
        retries.add(retriesOfCall);
        outcomes.add(outcome);
        if (!outcome.isSuccess()) {
            anomalies++;
            if (outcome.isRaceAnomaly() && firstRaceAnomalyNanos == 0) {
                firstRaceAnomalyNanos = System.nanoTime();
            }
        }
        calls++;
    }

    /** Adds the counts of one worker, {@code other}, to these. */
    WorkerStats merge(WorkerStats other) {
        outcomes.addAll(other.outcomes);
        errors.addAll(other.errors);
        errorsComplete &= other.errorsComplete;
        latency.add(other.latency);
        retries.merge(other.retries);
        rounds.addAll(other.rounds);
        calls += other.calls;
        anomalies += other.anomalies;
        maxCallsPerWorker = Math.max(maxCallsPerWorker, other.calls);
        if (other.firstRaceAnomalyNanos != 0
                && (firstRaceAnomalyNanos == 0 || other.firstRaceAnomalyNanos - firstRaceAnomalyNanos < 0)) {
            firstRaceAnomalyNanos = other.firstRaceAnomalyNanos;
        }
        return this;
    }
}
