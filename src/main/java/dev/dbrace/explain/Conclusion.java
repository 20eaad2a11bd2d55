package dev.dbrace.explain;

import dev.dbrace.outcome.Outcome;

/** Writes the one-paragraph conclusion of a {@link Timeline} from what the two sessions saw. */
final class Conclusion {

    private Conclusion() {
    }

    static String of(Timeline t) {
        int victim = !t.outcome1().isSuccess() ? 1 : !t.outcome2().isSuccess() ? 2 : 0;
        String wait = t.blocked() == 0 ? ""
                : "T" + t.blocked() + " waited for a lock held by T" + (3 - t.blocked()) + ". ";
        if (victim == 0) {
            if (t.id1() != t.id2()) {
                return wait + "Both callers were told they got a row, but different ones (ids " + t.id1() + " and "
                        + t.id2() + "): the strategy is broken.";
            }
            int creator = t.outcome1() == Outcome.CREATED ? 1 : 2;
            return wait + "T" + (3 - creator) + " found the row T" + creator + " created; both callers got id "
                    + t.id1() + ". The strategy held in this interleaving at " + t.isolation() + ".";
        }
        int other = 3 - victim;
        String code = t.lastError(victim) == null ? "" : " (" + t.lastError(victim) + ")";
        String firstSql = firstStatement(t, victim);
        String lastRead = lastRead(t, victim);
        return wait + switch (t.outcome(victim)) {
            case DOES_NOT_EXIST -> "T" + victim + "'s re-read (" + lastRead + ") saw no row although T" + other
                    + " committed it, which is why T" + victim + "'s INSERT failed with a duplicate key: T" + victim
                    + "'s snapshot was fixed by its first statement (" + firstSql + ") before T" + other
                    + " committed, and at " + t.isolation() + " its reads keep using that snapshot"
                    + (lastRead.contains("FOR ") && t.product().equals("PostgreSQL")
                            ? " — on PostgreSQL even a locking read only returns rows the snapshot can see." : ".");
            case INTEGRITY_ERROR -> "The duplicate-key error reached T" + victim + "'s caller" + code
                    + ": after it, the re-read (" + lastRead + ") found no row, so the IntegrityError was re-raised.";
            case DEADLOCK -> "The server found a deadlock and rolled back T" + victim + code + ": T1 and T2 each held a lock "
                    + "the other needed (on " + t.product() + " a locking read or duplicate check of a missing key takes "
                    + "a gap or shared lock that the other's INSERT or locking read must wait for).";
            case SERIALIZATION_FAILURE -> "The server aborted T" + victim + " with a serialization failure" + code
                    + ": the row it wanted to read or change was changed by T" + other + " after T" + victim
                    + "'s snapshot was taken.";
            case LOCK_WAIT_TIMEOUT -> "T" + victim + " gave up waiting for T" + other + "'s lock" + code + ".";
            default -> "T" + victim + "'s caller saw " + t.outcome(victim).key() + code + ".";
        };
    }

    private static String firstStatement(Timeline t, int session) {
        for (Step s : t.steps()) {
            if (s.session() == session && s.kind() == Step.Kind.SENT) {
                return TimelineFormat.shorten(s.sql());
            }
        }
        return "none";
    }

    private static String lastRead(Timeline t, int session) {
        String last = "none";
        for (Step s : t.steps()) {
            if (s.session() == session && s.kind() == Step.Kind.SENT && s.sql().startsWith("SELECT id")) {
                last = TimelineFormat.shorten(s.sql());
            }
        }
        return last;
    }
}
