package dev.dbrace.explain;

import dev.dbrace.db.Isolation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one statement's text says to the dependence relation: its kind and the tables it names. Anything not
 * recognised here is {@link Kind#OPAQUE}: it may touch every table and depends on everything.
 *
 * @param kind    what the statement does
 * @param tables  for reads, locking reads and writes: every table the text names after FROM, JOIN, INTO, UPDATE or
 *                USING ({@link Tables#ALL} when a list, with or without aliases, or a name could not be read)
 * @param written for writes: the table written
 */
record SqlText(Kind kind, Tables tables, Tables written) {

    enum Kind {
        /**
         * SET of session variables (no SELECT in it, no call of a function with effects or unknown ones), SHOW,
         * DEALLOCATE: changes nothing another session sees.
         */
        SESSION,
        /** SAVEPOINT, RELEASE SAVEPOINT: marks a point in the session's own transaction. */
        SAVEPOINT,
        /** {@code SET autocommit = 1}: commits an open transaction on MySQL and MariaDB. */
        AUTOCOMMIT_ON,
        /** BEGIN, START TRANSACTION. */
        BEGIN,
        /** START TRANSACTION WITH CONSISTENT SNAPSHOT: a BEGIN that fixes the snapshot at once. */
        BEGIN_SNAPSHOT,
        COMMIT,
        ROLLBACK,
        /** ROLLBACK TO SAVEPOINT: undoes part of the transaction, which goes on. */
        ROLLBACK_TO,
        /** SELECT without a locking clause. */
        READ,
        /** SELECT … FOR UPDATE, FOR SHARE, FOR NO KEY UPDATE, FOR KEY SHARE, LOCK IN SHARE MODE. */
        LOCKING_READ,
        /** INSERT, UPDATE, DELETE, REPLACE. */
        WRITE,
        /**
         * Anything else, and statements that call functions with effects (sequences, advisory locks, sleeps) or
         * functions not known to have none ({@link FunctionCalls}: a stored function may touch any table).
         */
        OPAQUE
    }

    /** A comment outside string literals (group 1 is a literal, kept): {@code 'a--b'} is not one. */
    private static final Pattern COMMENT = Pattern.compile("(?s)('(?:[^'\\\\]|\\\\.|'')*')|/\\*.*?\\*/|--[^\\n]*");
    private static final Pattern LITERAL = Pattern.compile("(?s)'(?:[^'\\\\]|\\\\.|'')*'");
    /** MariaDB's sequences without a call: {@code NEXT VALUE FOR s}, {@code PREVIOUS VALUE FOR s}, {@code s.nextval}. */
    private static final Pattern SEQUENCE_VALUE = Pattern.compile(
            "(?i)\\b(NEXT|PREVIOUS)\\s+VALUE\\s+FOR\\b|\\.\\s*(nextval|currval|lastval)\\b(?!\\s*\\()");
    private static final Pattern NAME_AFTER = Pattern.compile(
            "(?i)(?<![\\w$])(FROM|JOIN|STRAIGHT_JOIN|INTO|UPDATE|USING)(?:\\s+|(?=[`\"]))"
            + "(?:(?:LOW_PRIORITY|IGNORE|ONLY|QUICK)\\s+)*"
            + "((?:[`\"]?[\\w$]+[`\"]?\\s*\\.\\s*)?[`\"]?[\\w$]+[`\"]?)"
            + "((?:\\s+(?:AS\\s+)?[`\"]?[\\w$]+[`\"]?)?\\s*,)?");
    /** A word after which a table is named: each one must be followed by a name {@link #NAME_AFTER} reads. */
    private static final Pattern TABLE_WORD = Pattern.compile("(?i)(?<![\\w$])(FROM|JOIN|STRAIGHT_JOIN|INTO|UPDATE|USING)(?![\\w$])");
    /** What may follow a {@link #TABLE_WORD}: a name (quoted or not, after modifiers), or a subquery. */
    private static final Pattern AFTER_TABLE_WORD = Pattern.compile(
            "(?i)(?:\\s+|(?=[`\"(]))(?:(?:LOW_PRIORITY|IGNORE|ONLY|QUICK|LATERAL)\\s+)*"
            + "(?:[`\"]?[\\w$]+|\\(\\s*(?:SELECT|WITH|VALUES|TABLE)(?![\\w$]))");
    /** UPDATE that ends a locking read or an upsert: FOR UPDATE, FOR NO KEY UPDATE, KEY UPDATE, DO UPDATE. */
    private static final Pattern NOT_A_TABLE_UPDATE = Pattern.compile("(?i)(?:FOR|KEY|DO)\\s+$");
    private static final Pattern LOCKING = Pattern.compile(
            "(?i)\\bFOR\\s+(UPDATE|SHARE|NO\\s+KEY\\s+UPDATE|KEY\\s+SHARE)\\b|\\bLOCK\\s+IN\\s+SHARE\\s+MODE\\b");
    private static final Pattern EFFECTFUL_CALL = Pattern.compile("(?i)\\b(nextval|setval|lastval|pg_try_advisory\\w*"
            + "|pg_advisory\\w*|get_lock|release_lock|release_all_locks|is_used_lock|is_free_lock|sleep|pg_sleep\\w*"
            + "|benchmark|txid_current\\w*|pg_current_xact_id\\w*|last_insert_id\\s*\\(\\s*[^)\\s])\\s*\\(");
    private static final Pattern AUTOCOMMIT_ON = Pattern.compile(
            "(?i)^SET\\s+(SESSION\\s+|@@SESSION\\.|@@)?autocommit\\s*(=|:=|TO)\\s*('?)(1|ON|TRUE)\\3\\s*$");
    /** MariaDB's per-statement settings: {@code SET STATEMENT max_statement_time=1 FOR INSERT …}. */
    private static final Pattern SET_STATEMENT = Pattern.compile(
            "(?is)^SET\\s+STATEMENT\\s+(?:[\\w@.]+\\s*=\\s*(?:'[^']*'|[\\w.+-]+)\\s*,\\s*)*[\\w@.]+\\s*=\\s*(?:'[^']*'|[\\w.+-]+)"
            + "\\s+FOR\\s+(.+)$");
    /** A statement that may set an isolation level: cheap to look for in every statement. */
    private static final Pattern ISOLATION_WORD = Pattern.compile("(?i)isolation");
    private static final Pattern RESET_WORD = Pattern.compile("(?i)\\b(RESET|DISCARD)\\b");
    private static final Pattern DEFAULT_WORD = Pattern.compile("(?i)(=|\\bTO)\\s*DEFAULT\\s*;?\\s*$");
    /** SET … ISOLATION LEVEL, SET of {@code tx_isolation} and its kin, BEGIN or START TRANSACTION … ISOLATION LEVEL. */
    private static final Pattern LEVEL_SET = Pattern.compile("(?is)\\s*(SET\\b.*\\b(ISOLATION\\s+LEVEL|tx_isolation|"
            + "transaction_isolation|default_transaction_isolation)\\b|(BEGIN|START\\s+TRANSACTION)\\b.*\\bISOLATION\\s+LEVEL\\b).*");
    private static final Pattern LEVEL_NAME = Pattern.compile(
            "(?i)READ[\\s_-]+UNCOMMITTED|READ[\\s_-]+COMMITTED|REPEATABLE[\\s_-]+READ|SERIALIZABLE");
    private static final Set<String> NOT_TABLES = Set.of("select", "dual", "lateral", "unnest", "values", "set", "where",
            "table");

    /**
     * The last two texts read on this thread: a session's thread reads each statement's text several times (is it
     * set-up, does it name the table, its footprint, then its effect once the next one comes).
     */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[4]);

    /**
     * An isolation level a statement sets, and for what: {@code session}, the session's default (SET SESSION …, SET
     * SESSION CHARACTERISTICS …, {@code default_transaction_isolation}); {@code transaction}, the transaction it begins
     * or the next one (BEGIN … ISOLATION LEVEL, SET TRANSACTION …, SET LOCAL …); both where the form does not say
     * ({@code SET tx_isolation = …}, {@code SET @@transaction_isolation = …}); neither for MariaDB's {@code SET STATEMENT
     * transaction_isolation = … FOR stmt}, which sets it for that statement alone.
     *
     * @param key the level, as {@link Isolation#key()}; "" when it cannot be read ({@code DEFAULT}, a variable)
     */
    record LevelSet(String key, boolean session, boolean transaction) {
    }

    /** The level {@code DEFAULT}, {@code RESET} or {@code DISCARD ALL} sets: the server's default. */
    static final String SERVER_DEFAULT = "default";
    private static final Pattern RESET_LEVEL = Pattern.compile(
            "(?is)(RESET\\s+(ALL|default_transaction_isolation|transaction_isolation)|DISCARD\\s+ALL)\\s*;?\\s*");

    /**
     * The isolation level {@code sql} sets, statement by statement of a batch (one that sets two is not read); null
     * when it sets none.
     */
    static LevelSet levelSet(String sql) {
        if (!ISOLATION_WORD.matcher(sql).find() && !RESET_WORD.matcher(sql).find()) {
            return null;
        }
        String bare = COMMENT.matcher(sql).replaceAll(m -> m.group(1) != null ? Matcher.quoteReplacement(m.group(1)) : " ");
        LevelSet found = null;
        for (String one : split(bare)) {
            LevelSet set = levelSetOne(one.strip());
            if (set != null) {
                found = found == null ? set : new LevelSet("", true, true);
            }
        }
        return found;
    }

    private static LevelSet levelSetOne(String bare) {
        if (RESET_LEVEL.matcher(bare).matches()) {
            return new LevelSet(SERVER_DEFAULT, true, false);
        }
        if (!LEVEL_SET.matcher(bare).matches()) {
            return null;
        }
        Matcher level = LEVEL_NAME.matcher(bare);
        String key = "";
        if (level.find()) {
            key = Isolation.parse(level.group().replaceAll("[\\s_-]+", " ")).key();
            if (level.find()) {
                key = "";       // two levels named: not read
            }
        } else if (DEFAULT_WORD.matcher(bare).find()) {
            key = SERVER_DEFAULT;
        }
        String upper = bare.toUpperCase(Locale.ROOT);
        if (upper.startsWith("BEGIN") || upper.startsWith("START")) {
            return new LevelSet(key, false, true);
        }
        if (SET_STATEMENT.matcher(bare).matches()) {
            return new LevelSet(key, false, false);
        }
        boolean session = upper.matches("(?s)SET\\s+(SESSION|GLOBAL|LOCAL)\\b.*|.*@@(SESSION|GLOBAL)\\..*|.*CHARACTERISTICS.*"
                + "|.*DEFAULT_TRANSACTION_ISOLATION.*");
        // SET LOCAL is the session's on MySQL and the transaction's on PostgreSQL: both
        boolean transaction = upper.matches("(?s)SET\\s+(TRANSACTION|LOCAL)\\b.*");
        return session || transaction ? new LevelSet(key, session, transaction) : new LevelSet(key, true, true);
    }

    /** Each statement of {@code sql}, split at semicolons outside quotes (a batch is one step of several). */
    @SuppressWarnings("unchecked")
    static List<SqlText> of(String sql) {
        Object[] last = LAST.get();
        for (int i = 0; i < 4; i += 2) {
            if (sql.equals(last[i])) {
                return (List<SqlText>) last[i + 1];
            }
        }
        List<SqlText> out = new ArrayList<>();
        String bare = sql.contains("--") || sql.contains("/*")
                ? COMMENT.matcher(sql).replaceAll(m -> m.group(1) != null ? Matcher.quoteReplacement(m.group(1)) : " ")
                : sql;
        for (String one : split(bare)) {
            if (!one.isBlank()) {
                out.add(one(one.strip()));
            }
        }
        List<SqlText> read = List.copyOf(out);
        last[2] = last[0];
        last[3] = last[1];
        last[0] = sql;
        last[1] = read;
        return read;
    }

    static SqlText one(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        String first = firstWord(upper);
        return switch (first) {
            case "SAVEPOINT" -> plain(Kind.SAVEPOINT);
            case "RELEASE" -> upper.startsWith("RELEASE SAVEPOINT") || !upper.contains(" ")
                    ? plain(Kind.SAVEPOINT) : plain(Kind.OPAQUE);
            case "SHOW" -> plain(Kind.SESSION);
            // a driver's own clean-up of a statement it prepared (PHP's PDO after each one): session-local
            case "DEALLOCATE" -> plain(Kind.SESSION);
            case "SET" -> set(sql, upper);
            case "BEGIN" -> upper.matches("BEGIN(\\s+(WORK|TRANSACTION))?(\\s+ISOLATION\\s+LEVEL\\s+[A-Z ]+)?"
                    + "(\\s+READ\\s+(WRITE|ONLY))?\\s*") ? plain(Kind.BEGIN) : plain(Kind.OPAQUE);
            case "START" -> upper.contains("CONSISTENT SNAPSHOT") ? plain(Kind.BEGIN_SNAPSHOT)
                    : upper.startsWith("START TRANSACTION") ? plain(Kind.BEGIN) : plain(Kind.OPAQUE);
            case "COMMIT", "END" -> upper.contains("RELEASE") || upper.contains("CHAIN") && !upper.contains("NO CHAIN")
                    ? plain(Kind.OPAQUE) : plain(Kind.COMMIT);
            case "ROLLBACK", "ABORT" -> upper.matches("ROLLBACK(\\s+WORK)?\\s+TO\\b.*") ? plain(Kind.ROLLBACK_TO)
                    : upper.contains("RELEASE") || upper.contains("CHAIN") && !upper.contains("NO CHAIN")
                    ? plain(Kind.OPAQUE) : plain(Kind.ROLLBACK);
            case "SELECT" -> callsWithEffects(sql) || upper.contains(" INTO OUTFILE")
                    ? plain(Kind.OPAQUE)
                    : new SqlText(LOCKING.matcher(sql).find() ? Kind.LOCKING_READ : Kind.READ, names(sql).tables,
                    Tables.NONE);
            case "INSERT", "UPDATE", "DELETE", "REPLACE" -> {
                if (callsWithEffects(sql)) {
                    yield plain(Kind.OPAQUE);
                }
                Names n = names(sql);
                yield new SqlText(Kind.WRITE, n.tables, n.written == null ? Tables.ALL : n.written);
            }
            default -> plain(Kind.OPAQUE);
        };
    }

    /**
     * A SET: of session variables alone, unless its values call a function with effects or one not known to have none
     * ({@code SET @x = GET_LOCK('k', 5)}, {@code SET @id = make_tag('x')}), read a table ({@code SET @x = (SELECT …)}),
     * defer constraints or import a snapshot. MariaDB's {@code SET STATEMENT … FOR stmt} is the statement it runs.
     */
    private static SqlText set(String sql, String upper) {
        if (AUTOCOMMIT_ON.matcher(sql).matches()) {
            return plain(Kind.AUTOCOMMIT_ON);
        }
        Matcher statement = SET_STATEMENT.matcher(sql);
        if (statement.matches()) {
            return one(statement.group(1).strip());
        }
        if (upper.contains("SELECT") || upper.matches("(?s)SET\\s+(CONSTRAINTS|TRANSACTION\\s+SNAPSHOT|STATEMENT)\\b.*")
                || callsWithEffects(sql)) {
            return plain(Kind.OPAQUE);
        }
        return plain(Kind.SESSION);
    }

    /**
     * True when {@code sql} calls a function with effects known by name (sequences, advisory and user locks, sleeps),
     * takes a sequence's value, or calls a function not known to be free of effects ({@link FunctionCalls}).
     */
    private static boolean callsWithEffects(String sql) {
        return EFFECTFUL_CALL.matcher(sql).find() || SEQUENCE_VALUE.matcher(sql).find() || FunctionCalls.unknown(sql) != null;
    }

    /** A statement read as one that cannot be read: it depends on everything. */
    static SqlText opaque() {
        return plain(Kind.OPAQUE);
    }

    private static SqlText plain(Kind kind) {
        return new SqlText(kind, kind == Kind.OPAQUE ? Tables.ALL : Tables.NONE, kind == Kind.OPAQUE ? Tables.ALL : Tables.NONE);
    }

    /**
     * True when each FROM, JOIN, INTO, UPDATE and USING outside string literals is followed by a name this reads or a
     * subquery: {@code FROM(t)}, {@code FROM @x} or a form not foreseen here names tables that cannot be read, which
     * is every table. USING followed by a column list, and the UPDATE of FOR UPDATE or ON DUPLICATE KEY UPDATE, name
     * none.
     */
    private static boolean everyTableWordNamesATable(String sql) {
        String code = sql.indexOf('\'') < 0 ? sql : LITERAL.matcher(sql).replaceAll("''");
        Matcher word = TABLE_WORD.matcher(code);
        Matcher after = AFTER_TABLE_WORD.matcher(code);
        while (word.find()) {
            String w = word.group(1).toUpperCase(Locale.ROOT);
            if (w.equals("UPDATE")
                    && NOT_A_TABLE_UPDATE.matcher(code.substring(Math.max(0, word.start() - 12), word.start())).find()) {
                continue;
            }
            if (w.equals("USING") && code.substring(word.end()).stripLeading().startsWith("(")) {
                continue;
            }
            if (!after.region(word.end(), code.length()).lookingAt()) {
                return false;
            }
        }
        return true;
    }

    /** The tables a statement names, and the first named after INTO or UPDATE (or DELETE's FROM): the one written. */
    private record Names(Tables tables, Tables written) {
    }

    private static Names names(String sql) {
        if (fromListHasComma(sql) || !everyTableWordNamesATable(sql)) {
            return new Names(Tables.ALL, Tables.ALL);
        }
        Matcher m = NAME_AFTER.matcher(sql);
        Set<String> seen = new HashSet<>();
        Tables written = null;
        boolean delete = firstWord(sql.toUpperCase(Locale.ROOT)).equals("DELETE");
        while (m.find()) {
            String word = m.group(1).toUpperCase(Locale.ROOT);
            String name = Tables.normal(m.group(2));
            if (m.group(3) != null || NOT_TABLES.contains(name)) {
                // a comma list (FROM a, b) or a word that is not a table where a name was expected: cannot be read
                if (m.group(3) != null) {
                    return new Names(Tables.ALL, Tables.ALL);
                }
                continue;
            }
            seen.add(name);
            if (written == null && (word.equals("INTO") || word.equals("UPDATE") || delete && word.equals("FROM"))) {
                written = Tables.of(Set.of(name));
            }
        }
        return new Names(Tables.of(seen), written);
    }

    private static final Pattern FROM_WORD = Pattern.compile("(?i)\\bFROM\\b");
    private static final Pattern FROM_LIST_END = Pattern.compile("(?i)(WHERE|GROUP|ORDER|LIMIT|HAVING|WINDOW|UNION|"
            + "INTERSECT|EXCEPT|FOR|LOCK|RETURNING|OFFSET|FETCH|INTO|SET|VALUES)\\b");

    /**
     * True when a FROM list, at its own depth of parentheses, holds a comma: {@code FROM (SELECT …) s, tags} or
     * {@code FROM a JOIN b ON …, c} names more than the names after FROM and JOIN show.
     */
    private static boolean fromListHasComma(String sql) {
        if (sql.indexOf(',') < 0) {
            return false;
        }
        String text = sql.indexOf('\'') < 0 ? sql : LITERAL.matcher(sql).replaceAll("''");
        Matcher from = FROM_WORD.matcher(text);
        Matcher end = FROM_LIST_END.matcher(text);
        while (from.find()) {
            int depth = 0;
            for (int i = from.end(); i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (--depth < 0) {
                        break;          // the end of the subquery this FROM is in
                    }
                } else if (depth == 0) {
                    if (c == ',' || c == ';') {
                        if (c == ',') {
                            return true;
                        }
                        break;
                    }
                    if (Character.isLetter(c) && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1))
                            && text.charAt(i - 1) != '_' && text.charAt(i - 1) != '.')
                            && end.region(i, text.length()).lookingAt()) {
                        break;
                    }
                }
            }
        }
        return false;
    }

    private static String firstWord(String upper) {
        int i = 0;
        while (i < upper.length() && (upper.charAt(i) == '(' || Character.isWhitespace(upper.charAt(i)))) {
            i++;
        }
        int j = i;
        while (j < upper.length() && Character.isLetter(upper.charAt(j))) {
            j++;
        }
        return upper.substring(i, j);
    }

    /** Splits at semicolons outside quotes. */
    private static List<String> split(String sql) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == ';') {
                parts.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        parts.add(cur.toString());
        return parts;
    }
}
