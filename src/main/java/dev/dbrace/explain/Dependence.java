package dev.dbrace.explain;

import dev.dbrace.db.Isolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The dependence relation the explorer reduces by, stated per server family and isolation level: two statements
 * of different sessions are independent when running them in either order leaves the database, both sessions and
 * everything either sees later the same. Only independent statements are merged ({@link SleepSet}), and only a
 * statement independent of every other ({@link Footprint#isolated()}) is glued to its session's next stop.
 * Everything else is a stop and is ordered both ways.
 *
 * <p>The rules, from what each statement touches ({@link SqlText}) and where its transaction stands
 * ({@link Transaction}):
 * <ol>
 * <li>A statement whose tables or effect cannot be read (DDL, CALL, LOCK TABLES, WITH, a statement calling a
 *     sequence, an advisory or user lock, a sleep or a function not known to be free of effects ({@link FunctionCalls}:
 *     a stored function may read and write any table), a SET with a SELECT in it) depends on everything.</li>
 * <li>Two statements that take or wait for row locks (writes, locking reads) depend on each other, whatever their
 *     tables (foreign keys lock parent rows; unique checks see uncommitted keys).</li>
 * <li>A COMMIT, ROLLBACK or ROLLBACK TO SAVEPOINT of a transaction that holds locks or uncommitted rows depends on
 *     every locking statement and on every other such end. A COMMIT also publishes the tables its transaction
 *     wrote; a ROLLBACK publishes nothing.</li>
 * <li>A read depends on a COMMIT that publishes a table whose latest committed state the read observes. What a
 *     plain read observes is set by the server and level:
 *     <ul>
 *     <li>InnoDB (MySQL, MariaDB) at REPEATABLE READ: the first consistent read of any table in a transaction fixes
 *         the snapshot for every table, so it observes every table; later plain reads observe nothing new. But a
 *         ROLLBACK TO a savepoint set before the transaction touched a table rolls InnoDB's whole transaction back
 *         (the server rolls back every engine that joined the transaction after the savepoint), snapshot included:
 *         the next consistent read fixes a new one. Any ROLLBACK TO in a transaction that set such a savepoint is
 *         taken so.</li>
 *     <li>PostgreSQL at REPEATABLE READ: the first statement of a transaction that is not transaction control
 *         (any SELECT, INSERT, UPDATE or DELETE, with or without tables) fixes the snapshot: it observes every
 *         table; later plain reads observe nothing new.</li>
 *     <li>READ COMMITTED, both: each statement reads afresh: it observes the tables it names.</li>
 *     <li>A statement outside a transaction in autocommit mode is a transaction of its own: it observes the tables
 *         it names, and a write publishes its table and releases its locks as it returns.</li>
 *     </ul></li>
 * <li>On MySQL and MariaDB a BEGIN, START TRANSACTION or SET autocommit=1 inside a transaction commits it first:
 *     it is that COMMIT.</li>
 * <li>SET of session variables, SHOW, SAVEPOINT and RELEASE SAVEPOINT change nothing another session sees: they
 *     are glued to the session's next stop.</li>
 * <li>At SERIALIZABLE and READ UNCOMMITTED (and a level the server names otherwise) every statement that reads or
 *     writes depends on every other: InnoDB makes plain reads locking at the one and lets them see uncommitted rows
 *     at the other; PostgreSQL's serializable tracks reads.</li>
 * <li>A statement that names a table whose name does not say what it touches, as the server's catalog says when the
 *     exploration starts (a view, a table outside InnoDB, a partitioned, inherited or foreign table, a table with
 *     triggers, the parent of a cascading foreign key), depends on everything.</li>
 * <li>The rules above are the exploration's level's. From the first statement of any session that sets another
 *     isolation level (or one that cannot be read), for a transaction, a statement or the session, every statement
 *     depends on every other, to the end of the exploration.</li>
 * </ol>
 * Where a session's transaction state is not known from the wire, a statement's footprint is the union of its
 * footprint in a transaction and in autocommit mode. The unreduced search ({@code --unreduced}) uses none of this:
 * every statement is a stop and every order is run; the tests compare the two.
 */
final class Dependence {

    /** Whether the statement runs inside the session's transaction, as one of its own, or either. */
    enum Mode { IN_TRANSACTION, AUTOCOMMIT, UNKNOWN }

    private enum Snapshot { AT_FIRST_READ, AT_FIRST_STATEMENT, EACH_STATEMENT }

    private final boolean mysql;
    private final Snapshot snapshot;
    private final boolean reduces;
    /** The exploration's level, as {@link Isolation#key()}. */
    private final String level;
    /** The server's default level ({@code SET … DEFAULT}, {@code RESET}); "" when not known. */
    private final String serverDefault;
    /**
     * Tables whose name does not say what a statement on them touches (the catalog rule): views, tables outside InnoDB's
     * snapshots (MEMORY, MyISAM, Aria), tables with triggers, and parents of cascading foreign keys.
     */
    private final Tables special;
    /** A session read or wrote at another level (the level rule): from then on every statement depends on every other. */
    private volatile boolean otherLevel;

    private Dependence(boolean mysql, Snapshot snapshot, boolean reduces, String level, String serverDefault,
                       Tables special) {
        this.mysql = mysql;
        this.snapshot = snapshot;
        this.reduces = reduces;
        this.level = level;
        this.serverDefault = serverDefault;
        this.special = special;
    }

    /**
     * @param family    {@code mysql} (MySQL, MariaDB) or {@code postgresql}
     * @param isolation the level as the server reports it ({@link Isolation#key()})
     */
    static Dependence of(String family, String isolation) {
        return of(family, isolation, "", Set.of());
    }

    /**
     * @param serverDefault the level a session gets from {@code DEFAULT} or {@code RESET}; "" when not known
     * @param special       tables whose name does not say what a statement on them touches, as the server's catalog
     *                      says (views, tables outside InnoDB, tables with triggers, parents of cascading foreign keys)
     */
    static Dependence of(String family, String isolation, String serverDefault, Set<String> special) {
        boolean mysql = !family.equals("postgresql");
        boolean rr = isolation.equals(Isolation.REPEATABLE_READ.key());
        boolean rc = isolation.equals(Isolation.READ_COMMITTED.key());
        Snapshot s = rc ? Snapshot.EACH_STATEMENT : mysql ? Snapshot.AT_FIRST_READ : Snapshot.AT_FIRST_STATEMENT;
        return new Dependence(mysql, s, rr || rc, isolation, serverDefault,
                Tables.of(special.stream().map(Tables::normal).collect(Collectors.toSet())));
    }

    /** False where every reading or writing statement depends on every other (rule 7). */
    boolean reduces() {
        return reduces;
    }

    boolean dependent(Footprint a, Footprint b) {
        if (a.opaque() || b.opaque()) {
            return true;
        }
        if (a.locks() && b.locks()) {
            return true;
        }
        if (a.releases() && (b.locks() || b.releases()) || b.releases() && a.locks()) {
            return true;
        }
        return a.publishes().meets(b.observes()) || b.publishes().meets(a.observes());
    }

    /**
     * The level rule: whether a statement of {@code sql}, which sets {@code set} (null for no level), runs at another
     * level than the exploration's, by the statement's own level, its transaction's or its session's. A statement in
     * autocommit mode is a transaction of its own, which reads the same at READ COMMITTED and REPEATABLE READ.
     */
    private boolean atOtherLevel(String sql, SqlText.LevelSet set, Transaction tx, Mode mode) {
        if (set != null && !set.session() && !set.transaction()) {
            return !resolved(set.key()).equals(level);            // SET STATEMENT … FOR stmt: that statement's level
        }
        String runsAt = tx.transactionLevel != null ? tx.transactionLevel
                : tx.sessionLevel != null ? tx.sessionLevel : level;
        if (runsAt.equals(level) || !readsOrWrites(sql)) {
            return false;
        }
        return !(mode == Mode.AUTOCOMMIT && readsAfresh(runsAt) && readsAfresh(level));
    }

    /** READ COMMITTED or REPEATABLE READ: a statement that is a transaction of its own reads the same at both. */
    private static boolean readsAfresh(String key) {
        return key.equals(Isolation.READ_COMMITTED.key()) || key.equals(Isolation.REPEATABLE_READ.key());
    }

    /** The level {@code sql} sets, if any, recorded on {@code tx}; and the level rule, once it trips, kept tripped. */
    private void watchLevel(String sql, Transaction tx, Mode mode) {
        SqlText.LevelSet set = SqlText.levelSet(sql);
        record(set, tx);
        if (!otherLevel && atOtherLevel(sql, set, tx, mode)) {
            otherLevel = true;
        }
    }

    private String resolved(String key) {
        return key.equals(SqlText.SERVER_DEFAULT) ? serverDefault : key;
    }

    /** The session's and the transaction's levels after {@code set}. */
    private void record(SqlText.LevelSet set, Transaction tx) {
        if (set == null) {
            return;
        }
        if (set.session()) {
            tx.sessionLevel = resolved(set.key());
        }
        if (set.transaction()) {
            tx.transactionLevel = resolved(set.key());
        }
    }

    /** What {@code sql} would do as others see it, sent now by a session whose transaction is {@code tx}. */
    Footprint footprint(String sql, Transaction tx, Mode mode) {
        Transaction t = copy(tx);
        watchLevel(sql, t, mode);
        if (otherLevel) {
            return Footprint.EVERYTHING;
        }
        Footprint f = Footprint.NOTHING;
        for (SqlText read : SqlText.of(sql)) {
            SqlText s = byCatalog(read);
            Footprint one = switch (mode) {
                case IN_TRANSACTION -> inTransaction(s, t);
                case AUTOCOMMIT -> alone(s);
                case UNKNOWN -> inTransaction(s, t).plus(alone(s));
            };
            if (!reduces && readsOrWrites(s)) {
                one = Footprint.EVERYTHING;
            }
            if (mode != Mode.AUTOCOMMIT) {
                apply(s, t);
            }
            f = f.plus(one);
        }
        return f;
    }

    private static boolean readsOrWrites(String sql) {
        for (SqlText s : SqlText.of(sql)) {
            if (readsOrWrites(s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean readsOrWrites(SqlText s) {
        return switch (s.kind()) {
            case READ, LOCKING_READ, WRITE, OPAQUE, BEGIN_SNAPSHOT -> true;
            default -> false;
        };
    }

    /** The catalog rule: a statement that names a {@link #special} table depends on everything. */
    private SqlText byCatalog(SqlText s) {
        return special.meets(s.tables()) || special.meets(s.written()) ? SqlText.opaque() : s;
    }

    /** The session sent {@code sql} in {@code mode}: its transaction moves on. */
    void sent(String sql, Transaction tx, Mode mode) {
        watchLevel(sql, tx, mode);      // also for a statement sent before the explorer knew the call's connection
        if (mode == Mode.AUTOCOMMIT) {
            if (readsOrWrites(sql)) {
                tx.transactionLevel = null;     // a transaction of its own took the next transaction's level
            }
            return;         // a transaction of its own, over when it returns
        }
        for (SqlText read : SqlText.of(sql)) {
            SqlText s = byCatalog(read);
            if (mode == Mode.UNKNOWN) {
                // held as in a transaction (more to release), the snapshot taken as not fixed (more reads observe):
                // never newly fixed, but let go where the statement lets it go
                boolean fixed = tx.snapshotFixed;
                apply(s, tx);
                tx.snapshotFixed = fixed && tx.snapshotFixed;
            } else {
                apply(s, tx);
            }
        }
    }

    private Footprint inTransaction(SqlText s, Transaction tx) {
        return switch (s.kind()) {
            case SESSION, SAVEPOINT -> Footprint.NOTHING;
            case AUTOCOMMIT_ON, BEGIN -> mysql ? commit(tx) : Footprint.NOTHING;
            case BEGIN_SNAPSHOT -> (mysql ? commit(tx) : Footprint.NOTHING)
                    .plus(new Footprint(false, false, Tables.ALL, Tables.NONE, false));
            case COMMIT -> commit(tx);
            case ROLLBACK, ROLLBACK_TO -> new Footprint(false, false, Tables.NONE, Tables.NONE, tx.holds());
            case READ -> new Footprint(false, false, observed(s, tx), Tables.NONE, false);
            case LOCKING_READ, WRITE -> new Footprint(false, true, observed(s, tx).plus(s.tables()), Tables.NONE, false);
            case OPAQUE -> Footprint.EVERYTHING;
        };
    }

    private static Footprint alone(SqlText s) {
        return switch (s.kind()) {
            case READ -> new Footprint(false, false, s.tables(), Tables.NONE, false);
            case LOCKING_READ -> new Footprint(false, true, s.tables(), Tables.NONE, true);
            case WRITE -> new Footprint(false, true, s.tables(), s.written(), true);
            case OPAQUE -> Footprint.EVERYTHING;
            default -> Footprint.NOTHING;
        };
    }

    private static Footprint commit(Transaction tx) {
        return new Footprint(false, false, Tables.NONE, tx.written, tx.holds());
    }

    /** What a plain read (or a write's own read) observes of the committed state, by the snapshot rule. */
    private Tables observed(SqlText s, Transaction tx) {
        return switch (snapshot) {
            case EACH_STATEMENT -> s.tables();
            case AT_FIRST_READ -> tx.snapshotFixed || s.kind() != SqlText.Kind.READ || s.tables().isEmpty()
                    ? Tables.NONE : Tables.ALL;
            case AT_FIRST_STATEMENT -> tx.snapshotFixed ? Tables.NONE : Tables.ALL;
        };
    }

    private void apply(SqlText s, Transaction tx) {
        switch (s.kind()) {
            case SESSION -> {
            }
            case SAVEPOINT -> tx.savepointBeforeFirstTouch |= mysql && tx.untouched();
            case ROLLBACK_TO -> {
                if (mysql && tx.savepointBeforeFirstTouch) {
                    tx.snapshotFixed = false;       // InnoDB's transaction rolled back whole: a new snapshot comes
                }
            }
            case AUTOCOMMIT_ON -> {
                if (mysql) {
                    tx.end();
                    tx.transactionLevel = null;
                }
            }
            case BEGIN -> tx.end();     // keeps the level a SET TRANSACTION or this BEGIN gave it
            case COMMIT, ROLLBACK -> {
                tx.end();
                tx.transactionLevel = null;
            }
            case BEGIN_SNAPSHOT -> {
                tx.end();
                tx.snapshotFixed = true;
                tx.engineJoined = true;
            }
            case READ -> {
                tx.snapshotFixed |= fixes(s);
                tx.engineJoined |= !s.tables().isEmpty();
            }
            case LOCKING_READ, WRITE -> {
                tx.snapshotFixed |= fixes(s);
                tx.engineJoined |= !s.tables().isEmpty();
                tx.held = tx.held.plus(s.tables()).plus(s.written());
                tx.written = tx.written.plus(s.written());
                if (tx.held.isEmpty()) {
                    tx.held = Tables.ALL;       // a lock on a table whose name could not be read
                }
            }
            case OPAQUE -> {
                tx.held = Tables.ALL;
                tx.written = Tables.ALL;
            }
        }
    }

    private boolean fixes(SqlText s) {
        return switch (snapshot) {
            case EACH_STATEMENT -> false;
            case AT_FIRST_READ -> s.kind() == SqlText.Kind.READ && !s.tables().isEmpty();
            case AT_FIRST_STATEMENT -> true;
        };
    }

    private static Transaction copy(Transaction tx) {
        Transaction t = new Transaction();
        t.snapshotFixed = tx.snapshotFixed;
        t.held = tx.held;
        t.written = tx.written;
        t.savepointBeforeFirstTouch = tx.savepointBeforeFirstTouch;
        t.engineJoined = tx.engineJoined;
        t.sessionLevel = tx.sessionLevel;
        t.transactionLevel = tx.transactionLevel;
        return t;
    }

    /** The rules in one line each, for an exploration's output. */
    List<String> rules() {
        String server = mysql ? "InnoDB" : "PostgreSQL";
        String rule = !reduces ? "every reading or writing statement depends on every other at this level"
                : snapshot == Snapshot.EACH_STATEMENT ? "each statement reads afresh: a read depends on a COMMIT of a table it names"
                : snapshot == Snapshot.AT_FIRST_READ ? "the first consistent read fixes the snapshot: it depends on every COMMIT "
                        + "that published rows (and so does the first after a ROLLBACK TO a savepoint set before the "
                        + "transaction touched a table, which rolls InnoDB's transaction back whole)"
                : "the first statement fixes the snapshot: it depends on every COMMIT that published rows";
        List<String> rules = new ArrayList<>(List.of(server + ": " + rule,
                "writes and locking reads depend on each other and on the end of a transaction that holds locks",
                "SET, SHOW, DEALLOCATE, SAVEPOINT, RELEASE and reads from a fixed snapshot are glued to the next stop",
                "a statement that cannot be read (DDL, a stored function's call, a lock function) depends on everything"));
        if (otherLevel) {
            rules.add("a session set another isolation level than the exploration's " + this.level
                    + ": from that statement on, every statement depended on every other");
        }
        return List.copyOf(rules);
    }
}
