package dev.dbrace.explain;

import dev.dbrace.gate.Answer;
import dev.dbrace.gate.GateSession;
import dev.dbrace.gate.StatementHook;
import dev.dbrace.gate.WireStatement;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.Caller;

/**
 * One session of an exploration that is a worker's call: the call runs in the worker's process, and its
 * statements are parked at the worker's statement gate. The steps are the statements that touch the raced
 * table, and COMMIT and ROLLBACK; the rest pass without a stop (an ORM's connection set-up, prepares, and
 * SAVEPOINT and RELEASE SAVEPOINT, glued as for dbrace's own strategies) but are recorded. A session cut short
 * has its next step answered with an error by the gate, so the worker's own handler rolls back.
 */
final class GatedStepper implements Stepping, StatementHook {

    private final int no;
    private final Caller caller;
    private final long key;
    private final boolean state;
    private final Recorder recorder;
    private final Turn turn;
    private final String table;

    private volatile long sentAt;
    private volatile long serverSession;
    /** Why the worker's call broke (it exited, hung or broke the protocol); null when it answered. */
    volatile Caller.Broken broken;
    /** The server session of the call's steps: one connection per caller is what the explorer orders. */
    private volatile long stepSession;
    /** What the call did that the explorer cannot order; null when nothing. */
    private volatile String refused;

    GatedStepper(int no, Caller caller, long key, boolean state, Recorder recorder, Moves moves, String table) {
        this.no = no;
        this.caller = caller;
        this.key = key;
        this.state = state;
        this.recorder = recorder;
        this.turn = new Turn(moves);
        this.table = table;
    }

    private boolean step(String sql, String how) {
        return !how.equals("prepare") && !Stepper.glued(sql)
                && (sql.contains(table) || sql.regionMatches(true, 0, "COMMIT", 0, 6)
                || sql.regionMatches(true, 0, "ROLLBACK", 0, 8));
    }

    @Override
    public void before(GateSession session, String sql, String how) {
        if (turn.phase() == Phase.DONE) {
            return;             // after its call: a pool's housekeeping, not this session's step
        }
        serverSession = session.serverSession();
        if (step(sql, how)) {
            long id = session.serverSession();
            if (stepSession != 0 && stepSession != id) {
                refused = "T" + no + "'s call sent a step on a second connection (server session " + id + " after "
                        + stepSession + "): explain --all orders one connection per caller; make the code use one "
                        + "connection per call";
                throw new Refused(refused);
            }
            stepSession = id;
            if (turn.awaitGrant(sql) && !sql.regionMatches(true, 0, "ROLLBACK", 0, 8)) {
                throw new Refused("explain: this interleaving was cut short (its orders from here were explored in another)");
            }
        }
        if (!how.equals("prepare")) {
            recorder.sent(no, sql);
        }
        sentAt = System.nanoTime();
    }

    @Override
    public void after(GateSession session, WireStatement s) {
        sentAt = 0;
        if (s.how().equals("prepare")) {
            return;
        }
        Answer a = s.answer();
        if (a.failed()) {
            recorder.failed(no, s.sql(), a.message(), "SQLState " + a.sqlState() + ", code " + a.errorCode());
        } else {
            recorder.returned(no, s.sql(), a.toString());
        }
    }

    @Override
    public void run() {
        Outcome seen = null;
        try {
            seen = caller.call(key, state).outcome();
        } catch (Caller.Broken b) {
            broken = b;
            seen = Outcome.OTHER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen = Outcome.OTHER;
        } finally {
            turn.done(seen);
        }
    }

    @Override
    public String failure() {
        return refused != null ? refused : broken != null ? broken.getMessage() : null;
    }

    @Override
    public int no() {
        return no;
    }

    @Override
    public Turn turn() {
        return turn;
    }

    @Override
    public long sentAt() {
        return sentAt;
    }

    @Override
    public long serverSession() {
        return serverSession;
    }
}
