package dev.dbrace.cli;

import dev.dbrace.campaign.Campaign;
import dev.dbrace.db.Settings;
import dev.dbrace.db.Target;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;

/**
 * Opens a database and, before any table is created, has it take every {@code --set} combination
 * the plan races: a setting the server refuses (an unknown name, a rejected value) is one line, and
 * the command exits 2.
 */
final class SettingsGate implements Campaign.Opener {

    private final Campaign.Opener inner;
    private final Collection<Settings> sweep;
    private final Duration lockWait;
    private final PrintWriter err;
    private boolean refused;

    SettingsGate(Campaign.Opener inner, Collection<Settings> sweep, Duration lockWait, PrintWriter err) {
        this.inner = inner;
        this.sweep = sweep;
        this.lockWait = lockWait;
        this.err = err;
    }

    /** True when a database refused a setting; nothing was created on it. */
    boolean refused() {
        return refused;
    }

    @Override
    public Target open(String name) throws Campaign.Unreachable {
        Target t = inner.open(name);
        for (Settings s : sweep) {
            if (s.isEmpty()) {
                continue;
            }
            try {
                t.trySettings(s, lockWait);
            } catch (SQLException e) {
                err.println("dbrace: " + t.label() + " refuses --set " + s.describe() + ": " + Campaign.rootMessage(e));
                err.flush();
                refused = true;
                try {
                    t.close();
                } catch (Exception ignored) {
                    // the refusal is what matters
                }
                throw new Campaign.Unreachable();
            }
        }
        return t;
    }
}
