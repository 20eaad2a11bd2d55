package dev.dbrace.race;

import dev.dbrace.measure.Moment;
import dev.dbrace.verify.Ledger;
import java.sql.Connection;
import java.util.function.LongConsumer;

/** Barrier-aligned rounds: every worker gets the same fresh key at the same moment ({@link RoundGate}). */
final class RoundSchedule implements KeySchedule {

    /** Keys whose parent rows are created per preparation step (a few hundred milliseconds at most). */
    private static final long PREPARE_STEP = 20_000;
    /**
     * Through a fault, every key's parent rows are made before the race (a thousand owner rows for a million keys):
     * the set-up connection dies with the primary, and rounds whose calls all fail at once burn keys fast.
     */
    private static final long PREPARE_THROUGH_FAULT = 1_000_000;

    private final RoundGate gate;
    /** When every worker was ready: the measured start if the race ends before any round. */
    private volatile Moment start;

    RoundSchedule(RaceConfig cfg, Ground ground, Connection admin, Ledger ledger) throws Exception {
        ParentRows parents = new ParentRows(cfg, ground, admin, ledger);
        parents.prepare(0);
        this.gate = new RoundGate(cfg.threads(), cfg.warmup(), cfg.duration() == null ? cfg.rounds() : Long.MAX_VALUE,
                cfg.duration() == null ? Long.MAX_VALUE : cfg.duration().toNanos(), cfg.intervalNanos(), parents);
    }

    /** Creates parent rows and ledger room ahead of the rounds, a step at a time, between rounds. */
    private static final class ParentRows implements RoundGate.Preparer {
        private final RaceConfig cfg;
        private final Ground ground;
        private final Connection admin;
        private final Ledger ledger;
        private long prepared;

        ParentRows(RaceConfig cfg, Ground ground, Connection admin, Ledger ledger) {
            this.cfg = cfg;
            this.ground = ground;
            this.admin = admin;
            this.ledger = ledger;
        }

        @Override
        public void prepare(long key) throws Exception {
            if (key < prepared) {
                return;
            }
            long step = cfg.fault().planned() ? PREPARE_THROUGH_FAULT : PREPARE_STEP;
            prepared = cfg.duration() == null ? Math.min(cfg.warmup() + cfg.rounds(), key + step) : key + step;
            ground.ensureKeys(admin, prepared);
            ledger.ensureCapacity(prepared);
        }
    }

    @Override
    public Cursor cursor(int worker) {
        return new Cursor() {
            private long key;

            @Override
            public boolean advance() throws InterruptedException {
                key = gate.next();
                return key >= 0;
            }

            @Override
            public long key() {
                return key;
            }

            @Override
            public boolean state() {
                return RoundSchedule.state(key, worker);
            }

            @Override
            public long intendedStartNanos() {
                long intended = gate.intendedStartNanos();
                return intended != 0 ? intended : System.nanoTime();
            }

            @Override
            public boolean measured() {
                return !gate.isWarmup(key);
            }
        };
    }

    /** Half the workers write true, half false, alternating per round. */
    static boolean state(long key, int worker) {
        return ((key + worker) & 1) == 0;
    }

    @Override
    public void onRelease(LongConsumer launch) {
        gate.onRelease(launch);
    }

    @Override
    public void started() {
        start = Moment.now();
    }

    @Override
    public void stop() {
        gate.stop();
    }

    @Override
    public Moment measuredStart() {
        Moment measured = gate.measuredStart();
        return measured != null ? measured : start;
    }

    @Override
    public long keysUsed() {
        return gate.started();
    }

    @Override
    public long rounds(WorkerStats merged) {
        return gate.measured();
    }

    @Override
    public Exception failure() {
        return gate.failure();
    }
}
