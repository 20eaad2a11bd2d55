package dev.dbrace.explain;

import java.util.Locale;
import java.util.Set;

/**
 * The functions a statement calls, as the dependence relation needs them: a call of a function not known here to
 * be free of effects on other sessions (a stored function, a procedure's wrapper, an extension's function) may read
 * and write any table and take any lock, and its text says nothing of them. Such a statement cannot be read
 * ({@link SqlText.Kind#OPAQUE}).
 *
 * <p>Known here: the servers' built-ins that compute a value from their arguments, the session or the catalog
 * (string, number, date, JSON and aggregate functions, {@code VERSION()}, {@code LAST_INSERT_ID()} without an
 * argument, PostgreSQL's catalog functions that ORMs call while they load a schema, {@code set_config} and
 * {@code current_setting}, which act on the session alone), type names in casts ({@code CHAR(60)}), and SQL's
 * keywords that take a parenthesis ({@code IN (…)}, {@code VALUES (…)}, {@code ON CONFLICT (…)}). A table's column
 * list ({@code INTO tags (name)}) is not a call. Functions with effects that are known by name (sequences,
 * advisory and user locks, sleeps) are {@link SqlText}'s own rule; they are not in this list either.
 */
final class FunctionCalls {

    private FunctionCalls() {
    }

    /** How string literals are read: standard SQL, MySQL's backslash escapes, and MySQL's double-quoted strings too. */
    private enum Literals { STANDARD, BACKSLASH, DOUBLE_QUOTED }

    /** Words after which a name and a parenthesis are a table and its columns, not a call. */
    private static final Set<String> TABLE_BEFORE = Set.of("into", "update", "table", "references", "only", "replace",
            "insert", "as");

    private static final Set<String> KEYWORDS = Set.of("in", "exists", "values", "value", "as", "on", "and", "or", "not",
            "where", "using", "over", "filter", "any", "all", "some", "select", "within", "conflict", "key", "row", "array",
            "case", "when", "then", "else", "is", "like", "between", "interval", "returning", "set", "by", "having",
            "limit", "offset", "distinct", "union", "intersect", "except", "check", "primary", "unique", "index",
            "foreign", "with", "lateral", "into", "from", "join", "update", "do", "nothing", "partition", "window",
            "group", "order", "for", "of", "to", "at", "escape", "similar", "ilike", "regexp", "rlike", "div", "mod",
            "xor", "straight_join", "ignore", "force", "use", "high_priority", "low_priority", "delayed", "quick",
            "duplicate", "excluded", "new", "old", "default", "rollup", "cube", "grouping", "sets", "if");

    private static final Set<String> TYPES = Set.of("char", "varchar", "nchar", "nvarchar", "character", "varying",
            "binary", "varbinary", "decimal", "numeric", "dec", "float", "double", "real", "int", "integer", "bigint",
            "smallint", "tinyint", "mediumint", "bit", "timestamp", "timestamptz", "time", "timetz", "datetime", "year",
            "text", "enum", "signed", "unsigned", "precision", "vector");

    private static final Set<String> BUILT_INS = Set.of(
            // values of the session and the server
            "version", "database", "schema", "user", "current_user", "session_user", "system_user", "connection_id",
            "last_insert_id", "row_count", "found_rows", "current_role", "current_schema", "current_schemas",
            "current_database", "current_catalog", "current_setting", "set_config", "pg_backend_pid", "inet_server_addr",
            "inet_server_port", "charset", "collation", "coercibility", "uuid", "uuid_short", "gen_random_uuid", "rand",
            "random", "sys_guid",
            // conversion and conditions
            "cast", "convert", "coalesce", "ifnull", "isnull", "nullif", "nvl", "nvl2", "greatest", "least", "decode",
            "to_char", "to_number", "to_date", "to_timestamp", "format",
            // strings
            "concat", "concat_ws", "lower", "upper", "lcase", "ucase", "length", "char_length", "character_length",
            "octet_length", "bit_length", "substring", "substr", "mid", "trim", "ltrim", "rtrim", "btrim", "replace",
            "left", "right", "lpad", "rpad", "repeat", "reverse", "position", "locate", "instr", "strpos", "split_part",
            "ascii", "chr", "hex", "unhex", "md5", "sha1", "sha2", "crc32", "quote", "quote_ident", "quote_literal",
            "quote_nullable", "regexp_replace", "regexp_substr", "regexp_instr", "regexp_like", "regexp_match",
            "regexp_matches", "initcap", "translate", "encode", "field", "find_in_set", "elt", "space", "to_base64",
            "from_base64", "string_to_array", "array_to_string", "array_length", "array_position", "cardinality",
            "unnest", "generate_series",
            // numbers
            "abs", "ceil", "ceiling", "floor", "round", "trunc", "truncate", "sign", "sqrt", "power", "pow", "exp", "ln",
            "log", "log2", "log10", "width_bucket",
            // dates and times
            "now", "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp", "sysdate",
            "utc_timestamp", "utc_date", "utc_time", "unix_timestamp", "from_unixtime", "date", "date_format",
            "date_add", "date_sub", "adddate", "subdate", "datediff", "timestampdiff", "timestampadd", "extract",
            "date_part", "date_trunc", "make_date", "make_timestamp", "age", "clock_timestamp", "statement_timestamp",
            "transaction_timestamp", "timeofday", "str_to_date", "makedate", "maketime", "dayofweek", "dayofmonth",
            "dayofyear", "weekday", "month", "day", "hour", "minute", "second", "microsecond", "week", "quarter",
            "convert_tz", "at_timezone",
            // aggregates and windows
            "count", "sum", "min", "max", "avg", "bool_and", "bool_or", "every", "array_agg", "string_agg",
            "group_concat", "json_agg", "jsonb_agg", "json_arrayagg", "json_objectagg", "row_number", "rank",
            "dense_rank", "lag", "lead", "first_value", "last_value", "stddev", "variance",
            // JSON
            "json_extract", "json_unquote", "json_object", "json_array", "json_value", "json_query", "json_contains",
            "json_length", "json_keys", "json_set", "json_insert", "json_replace", "json_remove", "json_valid",
            "json_build_object", "json_build_array", "jsonb_build_object", "jsonb_build_array", "to_json", "to_jsonb",
            "json_each", "jsonb_each", "json_array_elements", "jsonb_array_elements", "jsonb_set", "row_to_json",
            "json_table",
            // PostgreSQL's catalog, as ORMs read it when they load a schema
            "format_type", "pg_get_expr", "col_description", "obj_description", "shobj_description", "pg_get_indexdef",
            "pg_get_constraintdef", "pg_get_serial_sequence", "pg_get_viewdef", "pg_table_is_visible",
            "pg_type_is_visible", "pg_encoding_to_char", "pg_relation_size", "pg_total_relation_size", "pg_typeof",
            "has_table_privilege", "has_schema_privilege", "to_regclass", "to_regtype", "pg_postmaster_start_time",
            "pg_is_in_recovery", "pg_last_wal_replay_lsn", "pg_current_wal_lsn", "array_remove", "array_append",
            "array_cat", "txid_visible_in_snapshot", "pg_column_size", "generate_subscripts", "array_upper",
            "array_lower", "array_dims", "array_ndims", "array_to_json", "regexp_split_to_table", "regexp_split_to_array",
            "string_to_table", "pg_get_userbyid", "pg_get_function_identity_arguments", "pg_get_function_arguments",
            "pg_get_function_result", "pg_get_triggerdef", "pg_get_partkeydef", "pg_get_statisticsobjdef",
            "pg_index_column_has_property", "pg_indexam_has_property", "pg_index_has_property", "pg_get_keywords",
            "pg_is_other_temp_schema", "pg_my_temp_schema", "pg_function_is_visible", "pg_relation_filenode",
            "pg_size_pretty", "pg_tablespace_location", "pg_get_ruledef", "pg_server_version", "_pg_expandarray");

    /**
     * The first function {@code sql} calls that is not known to be free of effects on other sessions, or null. The
     * text alone does not say which server's rules for string literals apply, so it is read under each that could
     * differ ({@link Literals}: {@code 'it''s'} and a backslash as a character, as PostgreSQL reads it;
     * {@code 'it\\'s'}; {@code "it's"}), with dollar-quoted bodies as literals, and a call found under any counts: a
     * misread boundary cannot hide one.
     */
    static String unknown(String sql) {
        if (sql.indexOf('(') < 0) {
            return null;
        }
        String call = unknownIn(masked(sql, Literals.STANDARD));
        if (call == null && sql.indexOf('\\') >= 0) {
            call = unknownIn(masked(sql, Literals.BACKSLASH));
        }
        if (call == null && sql.indexOf('"') >= 0) {
            call = unknownIn(masked(sql, Literals.DOUBLE_QUOTED));
        }
        return call;
    }

    /** {@code sql} with the insides of its string literals (and dollar-quoted bodies) blanked out. */
    private static char[] masked(String sql, Literals rules) {
        char[] text = sql.toCharArray();
        int i = 0;
        while (i < text.length) {
            char c = text[i];
            if (c == '\'' || c == '"' && rules == Literals.DOUBLE_QUOTED) {
                int j = i + 1;
                while (j < text.length && text[j] != c) {
                    if (text[j] == '\\' && rules != Literals.STANDARD) {
                        text[j++] = ' ';
                    }
                    if (j < text.length) {
                        text[j++] = ' ';
                    }
                }
                i = j + 1;          // a doubled quote closes and opens again: its inside is blank either way
            } else if (c == '$' && rules != Literals.DOUBLE_QUOTED) {
                int tagEnd = i + 1;
                while (tagEnd < text.length && (Character.isLetterOrDigit(text[tagEnd]) || text[tagEnd] == '_')) {
                    tagEnd++;
                }
                if (tagEnd < text.length && text[tagEnd] == '$' && (tagEnd == i + 1 || !Character.isDigit(text[i + 1]))) {
                    String tag = new String(text, i, tagEnd - i + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    int stop = close < 0 ? text.length : close;
                    for (int k = tagEnd + 1; k < stop; k++) {
                        text[k] = ' ';
                    }
                    i = close < 0 ? text.length : close + tag.length();
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
        return text;
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Where the name that ends just before {@code end} (exclusive) begins: a quoted one with its quotes. */
    private static int nameStart(char[] t, int end) {
        char last = t[end - 1];
        if (last == '`' || last == '"') {
            int open = end - 2;
            while (open >= 0 && t[open] != last) {
                open--;
            }
            return Math.max(open, 0);
        }
        int start = end;
        while (start > 0 && word(t[start - 1])) {
            start--;
        }
        return start;
    }

    private static int skipSpaceBack(char[] t, int i) {
        while (i > 0 && Character.isWhitespace(t[i - 1])) {
            i--;
        }
        return i;
    }

    private static String unknownIn(char[] t) {
        for (int paren = 0; paren < t.length; paren++) {
            if (t[paren] != '(') {
                continue;
            }
            int end = skipSpaceBack(t, paren);
            if (end == 0 || !(word(t[end - 1]) || t[end - 1] == '`' || t[end - 1] == '"')) {
                continue;           // ( after an operator, a comma, another parenthesis: no call
            }
            int start = nameStart(t, end);
            String written = new String(t, start, end - start);
            boolean quoted = t[end - 1] == '`' || t[end - 1] == '"';
            String name = (quoted ? written.substring(1, written.length() - 1) : written).toLowerCase(Locale.ROOT);
            if (!quoted && (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_'))) {
                continue;           // a number before a parenthesis
            }
            String schema = "";
            int before = skipSpaceBack(t, start);
            if (before > 0 && t[before - 1] == '.') {
                int schemaEnd = skipSpaceBack(t, before - 1);
                if (schemaEnd > 0) {
                    int schemaStart = nameStart(t, schemaEnd);
                    schema = new String(t, schemaStart, schemaEnd - schemaStart).replace("`", "").replace("\"", "")
                            .toLowerCase(Locale.ROOT);
                    written = new String(t, schemaStart, end - schemaStart);
                    before = skipSpaceBack(t, schemaStart);
                    start = schemaStart;
                }
            }
            String previous = "";
            if (before < start) {          // a space between the word before and the name
                int wordStart = before;
                while (wordStart > 0 && (Character.isLetter(t[wordStart - 1]) || t[wordStart - 1] == '_')) {
                    wordStart--;
                }
                previous = new String(t, wordStart, before - wordStart).toLowerCase(Locale.ROOT);
            }
            if (TABLE_BEFORE.contains(previous)) {
                continue;           // INSERT INTO tags (name), UPDATE t (…), INSERT INTO t AS x (…), CAST(x AS t(2))
            }
            if (quoted) {
                return written;     // a quoted name is the user's: `count`(x) calls a stored function
            }
            if (schema.isEmpty() && (KEYWORDS.contains(name) || TYPES.contains(name))) {
                continue;
            }
            if (BUILT_INS.contains(name) && (schema.isEmpty() || schema.equals("pg_catalog")
                    || schema.equals("information_schema") && name.startsWith("_pg_"))) {
                continue;
            }
            return written;
        }
        return null;
    }
}
