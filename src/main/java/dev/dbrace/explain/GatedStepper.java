package dev.dbrace.explain;

import dev.dbrace.gate.Answer;
import dev.dbrace.gate.GateSession;
import dev.dbrace.gate.StatementHook;
import dev.dbrace.gate.WireStatement;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.race.Caller;
import java.util.ArrayList;
import java.util.List;

/**
 * One session of an exploration that is a worker's call or the user's Java code: the call runs in the worker's
 * process (or on a thread of its own), and its statements are parked at its statement gate.
 *
 * <p>Only the call's own connection is stepped: the first connection of the gate on which the call sends a statement
 * that is not set-up (a SET, SHOW, transaction control or a read of no table). On it every statement is a stop
 * unless {@link Stops} glues it, and the explorer asks the server whether that connection's session waits for a lock.
 * Set-up statements sent before it are recorded once it is known; statements of the pool's other connections
 * (background fills, validation, a closing pool) pass unparked and unrecorded. A call that reads or writes a table
 * on a second connection is refused in one line: the explorer orders one connection per caller (in the uncounted
 * warm-up such statements pass: an ORM's first call may set its pool up on another connection). A session cut short
 * has its next stop answered with an error by the gate, so the call's own handler rolls back.
 */
final class GatedStepper implements Stepping, StatementHook {

    private final int no;
    private final Caller caller;
    private final long key;
    private final boolean state;
    private final Recorder recorder;
    private final Turn turn;
    private final String table;
    private final Stops stops;

    /** The connection the call uses; null until its first statement that is not set-up. */
    private volatile GateSession own;
    /** Set-up statements sent before {@link #own} was known, with their answers, in order. */
    private final List<Early> early = new ArrayList<>();
    private volatile long sentAt;
    /** When the call's connection last answered; 0 before its first answer. */
    private volatile long answeredAt;
    private volatile boolean touched;
    /** Why the worker's call broke (it exited, hung or broke the protocol); null when it answered. */
    volatile Caller.Broken broken;
    /** What the call did that the explorer cannot order; null when nothing. */
    private volatile String refused;
    /** In the warm-up: statements on another connection than the call's pass (see {@link #warmingUp()}). */
    private volatile boolean warmUp;

    /** A set-up statement sent before the call's connection was known. */
    private static final class Early {
        final GateSession session;
        final String sql;
        /** Whether a transaction was open when it was sent, as the wire said. */
        final GateSession.Status status;
        WireStatement answered;

        Early(GateSession session, String sql, GateSession.Status status) {
            this.session = session;
            this.sql = sql;
            this.status = status;
        }
    }

    GatedStepper(int no, Caller caller, long key, boolean state, Recorder recorder, Moves moves, String table,
                 Stops stops) {
        this.no = no;
        this.caller = caller;
        this.key = key;
        this.state = state;
        this.recorder = recorder;
        this.turn = new Turn(moves);
        this.table = table;
        this.stops = stops;
    }

    /** Set-up: changes nothing another session can see, on a connection that touched no table in this call. */
    private static boolean setUp(String sql) {
        for (SqlText s : SqlText.of(sql)) {
            boolean ok = switch (s.kind()) {
                case SESSION, SAVEPOINT, AUTOCOMMIT_ON, BEGIN, COMMIT, ROLLBACK, ROLLBACK_TO -> true;
                case READ -> s.tables().isEmpty();
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void before(GateSession session, String sql, String how) {
        if (turn.phase() == Phase.DONE || how.equals("prepare")) {
            return;             // after its call: a pool's housekeeping; a prepare executes nothing
        }
        if (own == null) {
            if (setUp(sql)) {
                synchronized (early) {
                    early.add(new Early(session, sql, session.status()));
                }
                return;
            }
            own = session;
            recordEarly(session);
        } else if (session != own) {
            if (setUp(sql) || warmUp) {
                return;
            }
            refused = "T" + no + "'s call sent a step on a second connection (server session " + session.serverSession()
                    + " after " + own.serverSession() + "): explain --all orders one connection per caller; make the "
                    + "code use one connection per call";
            throw new Refused(refused);
        }
        Dependence.Mode mode = mode(session.status());
        touched |= names(sql);
        turn.clock().since(StopClock.Part.CODE, answeredAt);
        answeredAt = 0;
        Footprint f = stops.next(sql, mode);
        if (f != null && turn.awaitGrant(sql, f) && !sql.regionMatches(true, 0, "ROLLBACK", 0, 8)) {
            throw new Refused("explain: this interleaving was cut short (its orders from here were explored in another)");
        }
        recorder.sent(no, sql);
        sentAt = System.nanoTime();
    }

    /** The mode a statement sent when the wire said {@code status} runs in; the wire saying idle ends the transaction. */
    private Dependence.Mode mode(GateSession.Status status) {
        return switch (status) {
            case UNKNOWN -> Dependence.Mode.UNKNOWN;
            case OPEN -> Dependence.Mode.IN_TRANSACTION;
            case IDLE -> {
                stops.idle();
                yield Dependence.Mode.AUTOCOMMIT;
            }
            case IDLE_MANUAL, BEGUN -> {
                stops.idle();
                yield Dependence.Mode.IN_TRANSACTION;
            }
        };
    }

    private boolean names(String sql) {
        for (SqlText s : SqlText.of(sql)) {
            if (!s.tables().all() && s.tables().contains(table) || s.written().names().contains(Tables.normal(table))) {
                return true;
            }
        }
        return false;
    }

    private void recordEarly(GateSession session) {
        synchronized (early) {
            for (Early e : early) {
                if (e.session == session) {
                    stops.before(e.sql, mode(e.status));
                    recorder.sent(no, e.sql);
                    if (e.answered != null) {
                        record(e.answered);
                    }
                }
            }
            early.clear();
        }
    }

    @Override
    public void after(GateSession session, WireStatement s) {
        if (s.how().equals("prepare")) {
            return;
        }
        if (own == null) {
            synchronized (early) {
                for (int i = early.size() - 1; i >= 0; i--) {
                    if (early.get(i).session == session && early.get(i).answered == null) {
                        early.get(i).answered = s;
                        break;
                    }
                }
            }
            return;
        }
        if (session != own) {
            return;
        }
        turn.clock().since(StopClock.Part.IN_FLIGHT, sentAt);
        answeredAt = System.nanoTime();
        sentAt = 0;
        record(s);
    }

    private void record(WireStatement s) {
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
            stops.ran();
            turn.done(seen);
        }
    }

    @Override
    public String failure() {
        return refused != null ? refused : broken != null ? broken.getMessage() : null;
    }

    @Override
    public void warmingUp() {
        warmUp = true;
    }

    @Override
    public boolean touchedTable() {
        return touched;
    }

    @Override
    public boolean holdsLocks() {
        return stops.holdsLocks();
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
        GateSession s = own;
        return s == null ? 0 : s.serverSession();
    }
}
