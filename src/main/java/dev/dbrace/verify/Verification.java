package dev.dbrace.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of reading the table back after a strategy's run.
 *
 * @param passed       no problem found
 * @param problemCount every problem found; {@code problems} lists the first few
 * @param rows         rows in the table
 * @param keysRaced    keys at least one call touched
 * @param idsSkipped   auto-increment values consumed without a row: on dbrace's fresh table max(id) − rows; on your own
 *                     table the ids between the race's lowest and highest that no row has
 * @param diagnoses    for keys that failed on creates, the evidence and the story it supports ({@link Forensics})
 */
public record Verification(boolean passed, long problemCount, List<String> problems, long rows, long keysRaced,
                           long idsSkipped, List<Diagnosis> diagnoses) {

    public Verification(boolean passed, long problemCount, List<String> problems, long rows, long keysRaced,
                        long idsSkipped) {
        this(passed, problemCount, problems, rows, keysRaced, idsSkipped, List.of());
    }

    /** The same, failed, with {@code more} problems after its own (found by another check of the same table). */
    public Verification withProblems(long count, List<String> more) {
        if (count == 0) {
            return this;
        }
        List<String> all = new ArrayList<>(problems);
        all.addAll(more);
        return new Verification(false, problemCount + count, List.copyOf(all), rows, keysRaced, idsSkipped, diagnoses);
    }

    public Verification withDiagnoses(List<Diagnosis> found) {
        return new Verification(passed, problemCount, problems, rows, keysRaced, idsSkipped, List.copyOf(found));
    }
}
