package dev.dbrace.worker;

import dev.dbrace.db.Dialect;
import dev.dbrace.explain.CallOnWire;
import dev.dbrace.gate.Gate;
import dev.dbrace.gate.WireStatement;
import dev.dbrace.outcome.DbError;
import dev.dbrace.outcome.ErrorLog;
import dev.dbrace.outcome.Outcome;
import dev.dbrace.outcome.Samples;
import dev.dbrace.outcome.Steps;
import dev.dbrace.race.Aligner;
import dev.dbrace.race.Caller;
import dev.dbrace.race.CountingCaller;
import dev.dbrace.race.Ground;
import java.util.List;

/**
 * A worker process as a {@link Caller}: each call is a {@code call} line out and a {@code result}
 * line back, classified with the same rules as dbrace's own calls. A worker that exits, hangs or
 * breaks the protocol makes the call throw {@link Caller.Broken}, naming the worker and what it did.
 */
final class ProcessCaller extends CountingCaller {

    private final WorkerProcess process;
    private final Dialect dialect;
    private final Samples samples;
    private final long answerBoundNanos;
    /** The raced table's key columns, and where each key's values come from. */
    private final Ground ground;
    private final String bound;
    private long seq;
    /** The key whose call line {@link #launch} already sent, or -1. */
    private long launchedKey = -1;
    /** The worker's statement gate, or null when its statements go straight to the server. */
    private final Gate gate;
    /** An aimed race's barrier, which the worker's gate drives; the free race's passage does nothing. */
    private final Aligner.Passage passage;
    /** Statements the worker sent between calls (its set-up) belong to no call: dropped as a call starts. */
    private void drainStray() {
        if (gate != null) {
            gate.drain();
        }
    }
    private boolean launchFailed;

    /**
     * @param answerBoundNanos how long one call may go unanswered; {@code bound} says it in words
     */
    ProcessCaller(WorkerProcess process, Ground ground, Dialect dialect, Samples samples,
                  long answerBoundNanos, String bound, Gate gate, Aligner.Passage passage) {
        this.ground = ground;
        this.gate = gate;
        this.passage = passage;
        this.process = process;
        this.dialect = dialect;
        this.samples = samples;
        this.answerBoundNanos = answerBoundNanos;
        this.bound = bound;
    }

    /** Sends the call line now; {@link #call} reads the answer. */
    @Override
    public long launch(long k, boolean state) {
        long at = System.nanoTime();
        drainStray();
        passage.start(k);
        launchFailed = !process.send(Protocol.call(++seq, ground.keyColumns(), ground.key(k), state));
        launchedKey = k;
        return at;
    }

    @Override
    public Call call(long k, boolean state) throws Broken {
        long s;
        if (launchedKey == k) {
            s = seq;
            launchedKey = -1;
            if (launchFailed) {
                throw broken("stopped reading its stdin before call " + s);
            }
        } else {
            s = ++seq;
            drainStray();
            passage.start(k);
            if (!process.send(Protocol.call(s, ground.keyColumns(), ground.key(k), state))) {
                throw broken("stopped reading its stdin before call " + s);
            }
        }
        String line;
        try {
            line = process.receive(System.nanoTime() + answerBoundNanos);
        } finally {
            passage.end();              // the call is over: its round need not wait for it at the step
        }
        if (line == null) {
            throw broken(process.overdue() ? "gave no answer to call " + s + " within " + bound + "; it was killed"
                    : "closed its stdout before answering call " + s);
        }
        Protocol.Result r;
        try {
            r = Protocol.result(line);
        } catch (Protocol.Violation v) {
            throw broken("broke the protocol answering call " + s + ": " + v.getMessage());
        }
        if (r.seq() != s) {
            throw broken("answered call " + s + " with seq " + r.seq());
        }
        List<WireStatement> wire = gate == null ? null : gate.drain();
        Call call = classify(r, wire);
        if (wire != null) {
            draw(k, call.outcome(), wire);
        }
        return call;
    }

    /** Hands the call's lane to the samples: a creator's, or a failed call's while its outcome has no drawing yet. */
    private void draw(long k, Outcome outcome, List<WireStatement> wire) {
        if (outcome == Outcome.CREATED) {
            samples.creator(ground.key(k).toString(), WireStatement.lane(process.label() + ": " + outcome.key(), wire));
        } else if (!outcome.isSuccess() && samples.wantsDrawing(outcome)) {
            samples.failed(outcome, ground.key(k).toString(), WireStatement.lane(process.label() + ": "
                    + outcome.key(), wire));
        }
    }

    /**
     * The call's outcome from the worker's word. Its database errors come from the wire when the worker's
     * statements passed through the gate (every one the server raised, handled or not, at the statement that
     * raised it), else from what the worker names.
     */
    private Call classify(Protocol.Result r, List<WireStatement> wire) throws Broken {
        if (wire != null) {
            for (WireStatement w : wire) {
                if (w.answer().failed()) {
                    String step = Steps.of(w.sql());
                    errors.add(dialect.classify(w.answer().errorCode(), w.answer().sqlState(), step), step);
                }
            }
        } else if (r.dbErrors() == null) {
            handledErrorsUnseen();
        } else {
            r.dbErrors().forEach(e -> errors.add(classify(e), stepOf(e)));
        }
        Outcome outcome = switch (r.outcome()) {
            case "created", "found", "returned" -> success(r, wire);
            case "does_not_exist" -> Outcome.DOES_NOT_EXIST;
            case "integrity_error" -> {
                // the duplicate key escaped to the caller; a driver that names it gets it classified as given
                if (wire == null) {
                    errors.add(r.error() == null ? DbError.DUPLICATE_KEY : classify(r.error()), stepOf(r.error()));
                }
                yield Outcome.INTEGRITY_ERROR;
            }
            default -> {
                DbError e = r.error() == null ? DbError.OTHER : classify(r.error());
                if (wire == null) {
                    errors.add(e, stepOf(r.error()));         // through the gate the wire counted it already
                }
                yield Outcome.of(e);
            }
        };
        if (!outcome.isSuccess()) {
            Outcome o = outcome;
            samples.add(o, () -> sample(o, r.error()) + (wire == null ? "" : Samples.STATEMENTS + WireStatement.witness(wire)));
        }
        boolean inDoubt = outcome == Outcome.CONNECTION_ERROR || outcome == Outcome.CALL_TIMEOUT;
        return new Call(outcome, r.id(), r.retries(), inDoubt);
    }

    /**
     * A call that returned normally: through the gate, created when its statements show an insert into the table that
     * committed ({@link CallOnWire}), else found; a worker's own word must agree. Without the gate, the worker's word.
     */
    private Outcome success(Protocol.Result r, List<WireStatement> wire) throws Broken {
        boolean said = !r.outcome().equals("returned");
        if (wire == null) {
            if (!said) {
                throw broken("answered call " + r.seq() + " 'returned', which only the statement gate can tell apart "
                        + "(created or found): add --gate, or have the worker say created or found");
            }
            return r.outcome().equals("created") ? Outcome.CREATED : Outcome.FOUND;
        }
        if (!said && !CallOnWire.touches(wire, ground.table())) {
            throw broken("answered call " + r.seq() + " 'returned', but its code sent no statement naming " + ground.table()
                    + " through the statement gate" + (wire.isEmpty() ? " (none at all)" : ": " + WireStatement.witness(wire))
                    + "; does it open its connections from the environment dbrace sets (DATABASE_URL, DB_*)?");
        }
        CallOnWire.Creation c = CallOnWire.creation(wire, ground.table(), dialect.name().equals("postgresql"));
        if (c == CallOnWire.Creation.UNKNOWN) {
            if (!said) {
                throw broken("answered call " + r.seq() + " 'returned', but its statements cannot tell whether it "
                        + "created the row (an upsert whose answer counts one row either way): " + WireStatement.witness(wire)
                        + "; have the worker say created or found");
            }
            return r.outcome().equals("created") ? Outcome.CREATED : Outcome.FOUND;
        }
        Outcome onWire = c == CallOnWire.Creation.CREATED ? Outcome.CREATED : Outcome.FOUND;
        if (said && !onWire.key().equals(r.outcome())) {
            throw broken("said call " + r.seq() + " " + r.outcome() + ", but its statements show it "
                    + (onWire == Outcome.CREATED ? "inserted the row and committed" : "committed no insert into "
                    + ground.table()) + ": " + WireStatement.witness(wire) + "; have the worker answer 'returned' and let the wire "
                    + "tell, or fix what it says");
        }
        return onWire;
    }

    /** Classified at its step, when the worker named it: on a Galera node a 1213 at COMMIT is a certification failure. */
    private DbError classify(Protocol.ErrorReport e) {
        if (e == null) {
            return DbError.OTHER;
        }
        return dialect.classify(e.code() == null ? 0 : e.code(), e.sqlState(), e.stepOrUnknown());
    }

    private static String stepOf(Protocol.ErrorReport e) {
        return e == null ? ErrorLog.UNKNOWN_STEP : e.stepOrUnknown();
    }

    /** "django.db.utils.IntegrityError (code 1062): Duplicate entry …", as the worker reported it. */
    private String sample(Outcome outcome, Protocol.ErrorReport e) {
        if (e == null) {
            return outcome.key() + " (the worker gave no details)";
        }
        StringBuilder b = new StringBuilder(e.className() == null ? outcome.key() : e.className());
        if (e.sqlState() != null || e.code() != null) {
            b.append(" (");
            if (e.sqlState() != null) {
                b.append("SQLState ").append(e.sqlState());
            }
            if (e.code() != null) {
                b.append(e.sqlState() != null ? ", " : "").append("code ").append(e.code());
            }
            b.append(')');
        }
        if (e.message() != null) {
            b.append(": ").append(e.message());
        }
        return b.toString();
    }

    private Broken broken(String what) {
        process.failed();
        String fate = process.overdue() ? "" : " (it " + process.fate() + ")";
        return new Broken(process.label() + " " + what + fate + process.lastStderr());
    }

    /** Sends {@code stop}; the lineup waits for the exit and makes sure of it. */
    @Override
    public void close() {
        process.stop(Protocol.STOP);
    }
}
