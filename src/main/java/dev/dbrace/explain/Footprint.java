package dev.dbrace.explain;

/**
 * What a statement about to run does as other sessions can tell: the dependence relation ({@link Dependence})
 * compares two of these. Made by {@link Dependence#footprint} from the statement's text and its session's
 * {@link Transaction}.
 *
 * @param opaque    its effect is not known: it depends on everything
 * @param locks     it takes row locks or waits for them (a write, a locking read)
 * @param observes  the tables whose latest committed state it reads: every table for the read that fixes a
 *                  REPEATABLE READ snapshot, its own tables for a read that takes a fresh one, none for a read from a
 *                  snapshot already fixed
 * @param publishes the tables whose rows become visible to others when it returns (a COMMIT of writes)
 * @param releases  it ends, or rolls back part of, a transaction that holds locks or uncommitted rows
 */
record Footprint(boolean opaque, boolean locks, Tables observes, Tables publishes, boolean releases) {

    static final Footprint NOTHING = new Footprint(false, false, Tables.NONE, Tables.NONE, false);
    static final Footprint EVERYTHING = new Footprint(true, true, Tables.ALL, Tables.ALL, true);

    /** Nothing another session does can be ordered against it: it can run glued to its session's next stop. */
    boolean isolated() {
        return !opaque && !locks && observes.isEmpty() && publishes.isEmpty() && !releases;
    }

    /** Both, one after the other in one step (a batch), or either where it is not known which one runs. */
    Footprint plus(Footprint o) {
        return new Footprint(opaque || o.opaque, locks || o.locks, observes.plus(o.observes), publishes.plus(o.publishes),
                releases || o.releases);
    }

    @Override
    public String toString() {
        if (opaque) {
            return "opaque";
        }
        StringBuilder b = new StringBuilder();
        if (locks) {
            b.append("locks; ");
        }
        if (!observes.isEmpty()) {
            b.append("observes ").append(observes).append("; ");
        }
        if (!publishes.isEmpty()) {
            b.append("publishes ").append(publishes).append("; ");
        }
        if (releases) {
            b.append("releases; ");
        }
        return b.length() == 0 ? "isolated" : b.substring(0, b.length() - 2);
    }
}
