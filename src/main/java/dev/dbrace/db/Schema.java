package dev.dbrace.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The seed's model as three tables — {@code thing}, {@code owner} and {@code myobj} with
 * {@code UNIQUE(thing_id, owner_id)} and foreign keys to both — under a {@code dbrace_} prefix.
 *
 * <p>dbrace marks each table it creates with {@link #OWNER_MARK} and only ever drops a table that
 * carries the mark, so a same-named table of the user's makes it refuse rather than destroy.
 */
public final class Schema {

    /** Written as the comment of every table dbrace creates; the proof that it may drop it. */
    public static final String OWNER_MARK = "created by dbrace; safe to drop";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private final Dialect dialect;
    private final String thing;
    private final String owner;
    private final String myobj;
    private long thingRows;
    private long ownerRows;

    public Schema(Dialect dialect, String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix must match " + PREFIX + ": " + prefix);
        }
        this.dialect = dialect;
        this.thing = prefix + "thing";
        this.owner = prefix + "owner";
        this.myobj = prefix + "myobj";
    }

    public Schema(Dialect dialect) {
        this(dialect, "dbrace_");
    }

    public String thing() {
        return thing;
    }

    public String owner() {
        return owner;
    }

    public String myobj() {
        return myobj;
    }

    /** Drops dbrace's own tables if present and creates them empty. */
    public void recreate(Connection c) throws SQLException {
        drop(c);
        try (Statement s = c.createStatement()) {
            for (String ddl : createStatements()) {
                s.execute(ddl);
            }
        }
        commitIfNeeded(c);
        thingRows = 0;
        ownerRows = 0;
    }

    /** DDL for the three tables, parents first; every table carries {@link #OWNER_MARK}. */
    List<String> createStatements() {
        List<String> ddl = new ArrayList<>();
        String parent = "id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL";
        ddl.addAll(dialect.createMarkedTable(thing, parent));
        ddl.addAll(dialect.createMarkedTable(owner, parent));
        ddl.addAll(dialect.createMarkedTable(myobj, dialect.generatedIdColumn() + ", "
                + "thing_id BIGINT NOT NULL, owner_id BIGINT NOT NULL, state BOOLEAN NOT NULL, "
                + "CONSTRAINT " + myobj + "_thing_owner UNIQUE (thing_id, owner_id), "
                + "CONSTRAINT " + myobj + "_thing_fk FOREIGN KEY (thing_id) REFERENCES " + thing + " (id), "
                + "CONSTRAINT " + myobj + "_owner_fk FOREIGN KEY (owner_id) REFERENCES " + owner + " (id)"));
        return ddl;
    }

    /**
     * Drops the tables that carry {@link #OWNER_MARK}, children first.
     *
     * @throws ForeignTableException when a table of the same name exists without the mark
     */
    public void drop(Connection c) throws SQLException {
        List<String> tables = List.of(myobj, owner, thing);
        for (String t : tables) {
            String comment = dialect.tableComment(c, t);
            if (comment != null && !OWNER_MARK.equals(comment)) {
                throw new ForeignTableException(t);
            }
        }
        try (Statement s = c.createStatement()) {
            for (String t : tables) {
                if (dialect.tableComment(c, t) != null) {
                    s.execute("DROP TABLE " + t);
                }
            }
        }
        commitIfNeeded(c);
    }

    /** Makes sure parent rows {@code 1..things} and {@code 1..owners} exist. */
    public void ensureParents(Connection c, long things, long owners) throws SQLException {
        thingRows = fill(c, thing, thingRows, things);
        ownerRows = fill(c, owner, ownerRows, owners);
        commitIfNeeded(c);
    }

    private static long fill(Connection c, String table, long have, long want) throws SQLException {
        if (want <= have) {
            return have;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")) {
            int pending = 0;
            for (long id = have + 1; id <= want; id++) {
                ps.setLong(1, id);
                ps.setString(2, table + "-" + id);
                ps.addBatch();
                if (++pending == 1000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        return want;
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** Raised when a table dbrace would create or drop exists and was not created by dbrace. */
    public static final class ForeignTableException extends SQLException {
        public ForeignTableException(String table) {
            super("table " + table + " exists and was not created by dbrace; refusing to touch it "
                    + "(drop or rename it yourself, or use another database)");
        }
    }
}
