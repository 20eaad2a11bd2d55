package dev.dbrace.race;

import dev.dbrace.gate.GateSession;
import dev.dbrace.gate.StatementHook;
import dev.dbrace.gate.WireStatement;

/**
 * An aimed race's barrier for code behind the statement gate (a worker, or Java code), driven by its gate: the statements that touch the raced table, and
 * COMMIT, are the steps its {@link Aligner.Passage} sees (a prepare is not: its execute is). An ORM's
 * connection set-up ({@code SET autocommit}, {@code SELECT @@sql_mode}) is no step, so "after the first
 * statement" means after the call's first read or write of the table, as for dbrace's own strategies.
 */
public record AlignedHook(Aligner.Passage passage, String table) implements StatementHook {

    private boolean step(String sql, String how) {
        return !how.equals("prepare") && (sql.contains(table) || sql.regionMatches(true, 0, "COMMIT", 0, 6));
    }

    @Override
    public void before(GateSession session, String sql, String how) {
        if (step(sql, how)) {
            passage.tracer().before(sql);
        }
    }

    @Override
    public void after(GateSession session, WireStatement s) {
        if (step(s.sql(), s.how())) {
            if (s.answer().failed()) {
                passage.tracer().failed(s.sql(), null);
            } else {
                passage.tracer().after(s.sql(), null);
            }
        }
    }
}
