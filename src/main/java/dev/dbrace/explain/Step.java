package dev.dbrace.explain;

/**
 * One entry of a timeline, in the order the driver saw it.
 *
 * @param session 1 or 2
 * @param kind    a statement was sent, returned, failed; or the driver observed an event
 * @param sql     the statement (null for an event)
 * @param text    what it returned ("no row", "inserted id 7"), the error message, or the event
 * @param error   "SQLState 23000, code 1062" when the statement failed, else null
 * @param millis  since the replay started
 */
public record Step(int session, Kind kind, String sql, String text, String error, long millis) {

    /** What a step records. */
    public enum Kind { SENT, RETURNED, FAILED, EVENT }
}
