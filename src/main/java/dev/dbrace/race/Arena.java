package dev.dbrace.race;

import dev.dbrace.db.Dialect;
import dev.dbrace.db.Isolation;
import dev.dbrace.db.Schema;
import dev.dbrace.db.Target;
import dev.dbrace.outcome.Samples;
import dev.dbrace.verify.Creators;

/**
 * Where one race happens, as a {@link Contender} needs it to open its callers.
 *
 * @param schema    dbrace's tables (the ones its strategies and workers race on)
 * @param ground    the table this race writes: dbrace's, or the user's own
 * @param isolation the level asked for, or null for the server's default
 * @param samples   where callers keep the first messages of each failing outcome
 * @param aligner   the second barrier of an aimed race ({@code --align-at}); {@link Aligner#NONE} for the free race
 * @param creators  where callers that see their statements keep each created call's, for {@link dev.dbrace.verify.Forensics}
 */
public record Arena(Target target, Dialect dialect, Schema schema, Ground ground, Isolation isolation, RaceConfig config,
                    Samples samples, ServerWatch watch, Aligner aligner, Creators creators) {
}
