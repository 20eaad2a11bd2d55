package dev.dbrace.explain;

import dev.dbrace.gate.Answer;
import dev.dbrace.gate.GateSession;
import dev.dbrace.gate.WireStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a call created the raced table's row, read off the statements it sent through the gate and their answers,
 * so that code need not say what it did. A call created the row when an INSERT into the table inserted a row and the
 * transaction it ran in committed:
 * <ul>
 *     <li>an INSERT inserted a row when its answer counts one: MySQL's affected rows (1 for a plain INSERT or an
 *     {@code ON DUPLICATE KEY UPDATE} that inserted, 2 for one that updated, 0 for {@code INSERT IGNORE} that did
 *     nothing; a client that asked for found rows is told 1 for a match left alone too, which
 *     makes such a call {@link Creation#UNKNOWN}), PostgreSQL's {@code INSERT 0 1}, or a MariaDB {@code INSERT … RETURNING}'s one row. PostgreSQL's
 *     {@code ON CONFLICT … DO UPDATE} counts 1 either way, and a MySQL {@code REPLACE} that counts 2 deleted a row
 *     before it inserted one: such a call is {@link Creation#UNKNOWN};</li>
 *     <li>it is undone by a ROLLBACK, a ROLLBACK TO a savepoint set before it, a deadlock (MySQL's 1213 rolls back the
 *     whole transaction), or a PostgreSQL COMMIT answered {@code ROLLBACK} (the transaction had failed);</li>
 *     <li>it is kept by a COMMIT, by a BEGIN or {@code SET autocommit=1} inside the transaction (MySQL commits there),
 *     or at once when no transaction was open: on MySQL and MariaDB when the server's status flags say none is open
 *     after it, on PostgreSQL when no BEGIN opened one.</li>
 * </ul>
 * A statement the parser cannot read that names the table (PostgreSQL's {@code CREATE FUNCTION} whose body inserts
 * into it, as Sequelize's findOrCreate sends, or a {@code SELECT} from such a function) makes the call
 * {@link Creation#UNKNOWN} once kept, unless an insert the answers show was kept too.
 * <p>
 * A call whose statements leave an insert neither kept nor undone (its transaction still open when it returned) did
 * not create the row: nothing it wrote is visible to anyone else.
 */
public final class CallOnWire {

    /** What a call's statements show. */
    public enum Creation { CREATED, NOT_CREATED, UNKNOWN }

    private static final int DEADLOCK = 1213;

    private CallOnWire() {
    }

    /**
     * @param statements the call's statements, in the order its session sent them
     * @param table      the raced table, as {@code --table} names it
     * @param postgres   whether the server is PostgreSQL (its COMMIT of a failed transaction answers ROLLBACK)
     */
    public static Creation creation(List<WireStatement> statements, String table, boolean postgres) {
        String raced = Tables.normal(table);
        List<Boolean> pending = new ArrayList<>();         // the open transaction's inserts into the table: known or not
        List<String> savepoints = new ArrayList<>();
        List<Integer> marks = new ArrayList<>();
        boolean open = false;
        boolean created = false;
        boolean unknown = false;
        for (WireStatement w : statements) {
            if (w.how().equals("prepare")) {
                continue;
            }
            Answer a = w.answer();
            for (SqlText s : SqlText.of(w.sql())) {
                switch (s.kind()) {
                    case BEGIN, BEGIN_SNAPSHOT -> {
                        // MySQL commits the open transaction first; PostgreSQL warns and goes on in it
                        if (!a.failed() && !postgres) {
                            created |= kept(pending);
                            unknown |= keptUnknown(pending);
                            pending.clear();
                            savepoints.clear();
                            marks.clear();
                        }
                        open |= !a.failed();
                    }
                    case AUTOCOMMIT_ON -> {
                        if (!a.failed() && !postgres) {
                            created |= kept(pending);
                            unknown |= keptUnknown(pending);
                            pending.clear();
                            open = false;
                        }
                    }
                    case COMMIT -> {
                        boolean rolledBack = a.failed() || postgres && a.message().toUpperCase(Locale.ROOT).startsWith("ROLLBACK");
                        if (!rolledBack) {
                            created |= kept(pending);
                            unknown |= keptUnknown(pending);
                        }
                        pending.clear();
                        open = false;
                    }
                    case ROLLBACK -> {
                        pending.clear();
                        open = false;
                    }
                    case SAVEPOINT -> {
                        if (!a.failed() && w.sql().trim().toUpperCase(Locale.ROOT).startsWith("SAVEPOINT")) {
                            savepoints.add(name(w.sql()));
                            marks.add(pending.size());
                        }
                    }
                    case ROLLBACK_TO -> {
                        int at = savepoints.lastIndexOf(name(w.sql()));
                        if (!a.failed() && at >= 0) {
                            int mark = marks.get(at);
                            pending.subList(mark, pending.size()).clear();
                            savepoints.subList(at + 1, savepoints.size()).clear();
                            marks.subList(at + 1, marks.size()).clear();
                        }
                    }
                    case WRITE -> {
                        if (s.written().names().contains(raced) && inserts(w.sql()) && !a.failed()) {
                            Boolean one = insertedOne(w.sql(), a, postgres);
                            if (one == null || one) {
                                pending.add(one != null);
                            }
                        }
                    }
                    case OPAQUE -> {
                        // an INSERT into the table that calls a function with effects (nextval) counts as an insert;
                        // anything else the parser cannot read that names the table (a function whose body inserts
                        // into it) may have inserted a row, which cannot be told
                        if (!a.failed() && mentions(w.sql(), word(raced))) {
                            Boolean one = inserts(w.sql()) ? insertedOne(w.sql(), a, postgres) : null;
                            if (one == null || one) {
                                pending.add(one != null);
                            }
                        }
                    }
                    default -> {
                        // reads, session statements: they neither keep nor undo an insert
                    }
                }
            }
            if (!postgres && a.failed() && a.errorCode() == DEADLOCK) {
                pending.clear();                            // InnoDB rolled the whole transaction back
                open = false;
            } else if (!postgres && w.after() != GateSession.Status.UNKNOWN && w.after() != GateSession.Status.OPEN
                    && !a.failed()) {
                created |= kept(pending);                   // autocommit, or an end the text did not show
                unknown |= keptUnknown(pending);
                pending.clear();
                open = false;
            } else if (postgres && !open && !a.failed()) {
                created |= kept(pending);                   // no BEGIN: the statement was a transaction of its own
                unknown |= keptUnknown(pending);
                pending.clear();
            }
        }
        return created ? Creation.CREATED : unknown ? Creation.UNKNOWN : Creation.NOT_CREATED;
    }

    /**
     * Whether any of the call's statements names the raced table. One that named none cannot be told created or found
     * from its statements: its code reached the server some other way than through the gate.
     */
    public static boolean touches(List<WireStatement> statements, String table) {
        Pattern raced = word(Tables.normal(table));          // compiled once a call, not once a statement
        return statements.stream().anyMatch(w -> mentions(w.sql(), raced));
    }

    /** Whether a kept transaction's inserts include one known to have inserted a row. */
    private static boolean kept(List<Boolean> pending) {
        return pending.contains(Boolean.TRUE);
    }

    /** Whether a kept transaction's inserts include one whose answer cannot tell. */
    private static boolean keptUnknown(List<Boolean> pending) {
        return pending.contains(Boolean.FALSE);
    }

    /** Whether {@code sql} names the table, as {@link #word} matches it (quotes ignored). */
    private static boolean mentions(String sql, Pattern table) {
        return table.matcher(sql.replace("`", "").replace("\"", "")).find();
    }

    /** {@code table} (normalised) as a word of a statement, in any case. */
    private static Pattern word(String table) {
        return Pattern.compile("(?i)(^|[^\\w$])" + Pattern.quote(table) + "($|[^\\w$])");
    }

    private static boolean inserts(String sql) {
        String first = sql.stripLeading().toUpperCase(Locale.ROOT);
        return first.startsWith("INSERT") || first.startsWith("REPLACE");
    }

    /** Whether the answer shows one row inserted; null when it cannot tell (an upsert that counts 1 either way). */
    private static Boolean insertedOne(String sql, Answer a, boolean postgres) {
        String upper = sql.toUpperCase(Locale.ROOT);
        if (upper.stripLeading().startsWith("REPLACE")) {
            return a.rows() == 1 ? Boolean.TRUE : a.rows() > 1 ? null : Boolean.FALSE;      // 2: it replaced a row
        }
        if (postgres && upper.contains("ON CONFLICT") && upper.contains("DO UPDATE")) {
            return a.rows() == 0 ? Boolean.FALSE : null;
        }
        if (!postgres && upper.contains("ON DUPLICATE KEY UPDATE")) {
            if (a.matched() && a.rows() == 1) {
                return null;                                // found rows: an insert, or a match it left alone
            }
            return a.rows() == 1;                           // 2: it updated the row there was
        }
        return a.rows() >= 1;
    }

    /** A savepoint statement's name: its last word, unquoted. */
    private static String name(String sql) {
        String[] words = sql.trim().split("\\s+");
        return words[words.length - 1].replace("`", "").replace("\"", "").replace(";", "");
    }
}
