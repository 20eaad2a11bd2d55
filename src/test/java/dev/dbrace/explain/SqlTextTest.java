package dev.dbrace.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbrace.explain.SqlText.Kind;
import dev.dbrace.explain.SqlText.LevelSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the dependence relation reads from a statement's text. Only a statement read as changing nothing another
 * session sees is glued; a misread here is an order the reduced search never runs, so each rule that glues is held
 * to the statements that must not be glued.
 */
class SqlTextTest {

    private static SqlText one(String sql) {
        return SqlText.one(sql);
    }

    @Test
    void driverAndOrmSetUpIsSessionState() {
        for (String sql : new String[] {"SET NAMES utf8mb4", "SET autocommit=0", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
                "SET @@SESSION.sql_mode = CONCAT(CONCAT(@@sql_mode, ',STRICT_ALL_TABLES'), ',NO_AUTO_VALUE_ON_ZERO'), "
                        + "@@SESSION.sql_auto_is_null = 0, @@SESSION.wait_timeout = 2147483",
                "SET client_min_messages TO 'warning'", "SET TIME ZONE 'UTC'", "SET search_path TO \"$user\", public",
                "SET innodb_lock_wait_timeout = 5", "SHOW TRANSACTION ISOLATION LEVEL", "DEALLOCATE pdo_stmt_00000001"}) {
            assertThat(one(sql).kind()).as(sql).isEqualTo(Kind.SESSION);
        }
    }

    /**
     * A statement that sets an isolation level is read for the level it sets and for what (the session's default, a
     * transaction, both where the form does not say, or one statement), in each form the drivers and ORMs send: the
     * relation holds for the exploration's level only. A level that cannot be read is "".
     */
    @Test
    void theLevelAStatementSetsIsRead() {
        Map<String, LevelSet> sets = new LinkedHashMap<>();
        sets.put("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", new LevelSet("read-committed", false, true));
        sets.put("set session transaction isolation level repeatable read", new LevelSet("repeatable-read", true, false));
        sets.put("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE",
                new LevelSet("serializable", true, false));
        sets.put("/* app */ SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED", new LevelSet("read-uncommitted", false, true));
        sets.put("SET tx_isolation='READ-COMMITTED'", new LevelSet("read-committed", true, true));
        sets.put("SET @@session.transaction_isolation = 'REPEATABLE-READ'", new LevelSet("repeatable-read", true, false));
        sets.put("SET @@transaction_isolation = 'REPEATABLE-READ'", new LevelSet("repeatable-read", true, true));
        sets.put("SET STATEMENT transaction_isolation='READ-COMMITTED' FOR SELECT id FROM shop_tag",
                new LevelSet("read-committed", false, false));
        sets.put("SET default_transaction_isolation TO DEFAULT", new LevelSet(SqlText.SERVER_DEFAULT, true, false));
        sets.put("RESET ALL", new LevelSet(SqlText.SERVER_DEFAULT, true, false));
        sets.put("DISCARD ALL", new LevelSet(SqlText.SERVER_DEFAULT, true, false));
        sets.put("SET LOCAL transaction_isolation = 'read committed'", new LevelSet("read-committed", true, true));
        sets.put("SELECT 1; SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", new LevelSet("read-committed", true, false));
        sets.put("BEGIN ISOLATION LEVEL READ COMMITTED", new LevelSet("read-committed", false, true));
        sets.put("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", new LevelSet("repeatable-read", false, true));
        sets.put("SET transaction_isolation = @level", new LevelSet("", true, true));
        for (Map.Entry<String, LevelSet> e : sets.entrySet()) {
            assertThat(SqlText.levelSet(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        for (String sql : new String[] {"SELECT @@transaction_isolation", "SHOW TRANSACTION ISOLATION LEVEL",
                "SET autocommit=0", "BEGIN", "START TRANSACTION READ ONLY", "SELECT id FROM isolation_levels"}) {
            assertThat(SqlText.levelSet(sql)).as(sql).isNull();
        }
    }

    /** A SET that takes a lock, reads a table or calls a stored function is not session state: it is not glued. */
    @Test
    void aSetThatLocksReadsOrCallsAFunctionCannotBeRead() {
        for (String sql : new String[] {"SET @l = GET_LOCK('tag', 10)", "SET @x := RELEASE_LOCK('tag')",
                "SET @id = make_tag('x')", "SET @id = app.make_tag('x')", "SET @n = (SELECT COUNT(*) FROM shop_tag)",
                "SET @v = NEXTVAL(tag_seq)", "SET @s = SLEEP(1)", "SET CONSTRAINTS ALL DEFERRED",
                "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'"}) {
            assertThat(one(sql).kind()).as(sql).isEqualTo(Kind.OPAQUE);
        }
    }

    @Test
    void mariaDbsSetStatementIsTheStatementItRuns() {
        SqlText insert = one("SET STATEMENT max_statement_time=5 FOR INSERT INTO shop_tag (name) VALUES ('a')");
        assertThat(insert.kind()).isEqualTo(Kind.WRITE);
        assertThat(insert.written().names()).containsExactly("shop_tag");
        SqlText read = one("SET STATEMENT max_statement_time=5, sql_mode='' FOR SELECT id FROM shop_tag WHERE name = 'a'");
        assertThat(read.kind()).isEqualTo(Kind.READ);
        assertThat(read.tables().names()).containsExactly("shop_tag");
        assertThat(one("SET STATEMENT max_statement_time=5 FOR SELECT make_tag('a')").kind()).isEqualTo(Kind.OPAQUE);
    }

    /** A stored function may write any table and take any lock: a statement that calls one depends on everything. */
    @Test
    void aStatementCallingAStoredFunctionCannotBeRead() {
        for (String sql : new String[] {"SELECT make_tag('x')", "SELECT shop_article_title(1)",
                "SELECT `shop_article_title`(1)", "SELECT id, tag_weight(id) FROM shop_tag WHERE name = 'x'",
                "INSERT INTO shop_tag (name, slug) VALUES ('x', slugify('x'))",
                "UPDATE shop_tag SET hits = bump(hits) WHERE name = 'x'", "SELECT public.make_tag($1)",
                "SELECT * FROM shop_tag WHERE EXISTS (SELECT 1 FROM shop_article WHERE audit(id))"}) {
            assertThat(one(sql).kind()).as(sql).isEqualTo(Kind.OPAQUE);
            assertThat(FunctionCalls.unknown(sql)).as(sql).isNotNull();
        }
    }

    /** Where a call hides: in a write's FROM, behind a literal read by another server's rules, in quotes, in a comment's shadow. */
    @Test
    void callsAreFoundWhereverTheTextPutsThem() {
        for (String sql : new String[] {"INSERT INTO shop_tag (name) SELECT name FROM make_tags('x')",
                "UPDATE shop_tag SET hits = 1 FROM touched_tags() t WHERE t.id = shop_tag.id",
                "UPDATE shop_tag SET y = EXTRACT(YEAR FROM stamp_of(id))",
                "SELECT 'a\\', make_tag('x'), 'b'", "SELECT 'it\\'s', make_tag('x'), 'b'",
                "SELECT \"it's\", make_tag('x') FROM shop_tag", "SELECT $q$ body $q$, make_tag('x')",
                "INSERT INTO shop_tag (name, note) VALUES ('a--b', make_tag('x'))",
                "SELECT `count`(id) FROM shop_tag", "SELECT \"count\"(id) FROM shop_tag",
                "SELECT pg_catalogue.count(id) FROM shop_tag"}) {
            assertThat(one(sql).kind()).as(sql).isEqualTo(Kind.OPAQUE);
        }
        assertThat(SqlText.of("INSERT INTO shop_tag (name, note) VALUES ('a--b', make_tag('x'))")).extracting(SqlText::kind)
                .containsExactly(Kind.OPAQUE);
        // MariaDB's sequences have no call to find
        for (String sql : new String[] {"SELECT NEXT VALUE FOR tag_seq", "SET @id = NEXT VALUE FOR tag_seq",
                "INSERT INTO shop_tag (id, name) VALUES (tag_seq.nextval, 'x')", "SELECT PREVIOUS VALUE FOR tag_seq",
                "SET STATEMENT sql_mode=\"\" FOR\nINSERT INTO shop_tag (name) VALUES ('a')", "SET CONSTRAINTS\nALL DEFERRED"}) {
            assertThat(SqlText.of(sql)).extracting(SqlText::kind).as(sql).containsExactly(Kind.OPAQUE);
        }
        assertThat(one("SELECT EXTRACT(EPOCH FROM NOW())").kind()).isEqualTo(Kind.READ);
        assertThat(one("SELECT id FROM shop_tag WHERE note = '--' AND name = 'x'").tables().names())
                .containsExactly("shop_tag");
    }

    /** What the ORMs and drivers of the atlas send keeps its reading: built-ins, casts, column lists, keywords. */
    @Test
    void builtInsCastsColumnListsAndKeywordsAreNotCalls() {
        String[] reads = {"SELECT VERSION()", "SELECT DATABASE()", "SELECT LAST_INSERT_ID()", "select pg_catalog.version()",
                "SELECT CAST('test plain returns' AS CHAR(60)) AS anon_1", "select current_schema()",
                "SELECT COUNT(*) FROM shop_tag WHERE name IN ('a', 'b')", "SELECT (1) AS \"a\" FROM \"taggit_tag\" LIMIT 1",
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
                        + "LEFT JOIN pg_attrdef d ON a.attrelid = d.adrelid WHERE a.attrelid = '\"tags\"'::regclass",
                "SELECT id FROM shop_tag WHERE name = 'make_tag(1)'", "SELECT COALESCE(MAX(id), 0) FROM shop_tag",
                "SELECT set_config('search_path', 'public', false)",
                // Active Record's primary key on PostgreSQL, sent inside the first call
                "SELECT a.attname FROM ( SELECT indrelid, indkey, generate_subscripts(indkey, 1) idx FROM pg_index WHERE "
                        + "indrelid = '\"tags\"'::regclass AND indisprimary ) i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                        + "AND a.attnum = i.indkey[i.idx] ORDER BY i.idx",
                "SELECT c.relname FROM pg_class c LEFT JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                        + "ANY (current_schemas(false)) AND c.relkind IN ('r','v','m','p','f')",
                "SELECT pg_catalog.pg_class.relname FROM pg_catalog.pg_class WHERE pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid)"};
        for (String sql : reads) {
            assertThat(FunctionCalls.unknown(sql)).as(sql).isNull();
            assertThat(one(sql).kind()).as(sql).isEqualTo(Kind.READ);
        }
        String[] writes = {"INSERT INTO `tags` (`name`, `created_at`, `updated_at`) VALUES ('x', '2026-12-07', '2026-12-07')",
                "INSERT INTO \"tags\" (\"name\") VALUES ($1) RETURNING \"id\"",
                "INSERT INTO dbrace_myobj (thing_id, owner_id, state) VALUES (1, 2, 3) ON DUPLICATE KEY UPDATE state = VALUES(state)",
                "INSERT INTO dbrace_myobj (thing_id, owner_id, state) VALUES (1, 2, 3) ON CONFLICT (thing_id, owner_id) "
                        + "DO UPDATE SET state = EXCLUDED.state RETURNING id, (xmax = 0) AS inserted",
                "insert into tag (name,id) values (?,?)", "UPDATE shop_tag SET name = LOWER(name), hits = hits + 1 WHERE id IN (1, 2)",
                "REPLACE INTO shop_tag (name) VALUES ('x')", "INSERT shop_tag (name) VALUES ('x')"};
        for (String sql : writes) {
            assertThat(FunctionCalls.unknown(sql)).as(sql).isNull();
            assertThat(one(sql).kind()).as(sql).isEqualTo(Kind.WRITE);
        }
    }

    /**
     * A table named with no space after FROM, behind a modifier or a MySQL join word is read; a FROM, JOIN, INTO, UPDATE
     * or USING followed by anything else names every table. Found by a second look: {@code FROM`myapp_myobj`} read as
     * naming no table was glued, and as a call's first statement even taken for set-up, in every search.
     */
    @Test
    void everyWordThatNamesATableIsFollowedByOneThatIsRead() {
        assertThat(one("SELECT id FROM`myapp_myobj` WHERE id = 1").tables().names()).containsExactly("myapp_myobj");
        assertThat(one("SELECT id FROM\"myapp_myobj\" WHERE id = 1").tables().names()).containsExactly("myapp_myobj");
        assertThat(one("SELECT id FROM ONLY myapp_myobj WHERE id = 1").tables().names()).containsExactly("myapp_myobj");
        assertThat(one("SELECT m.id FROM myapp_thing t STRAIGHT_JOIN myapp_myobj m ON m.thing_id = t.id").tables().names())
                .isEqualTo(Set.of("myapp_thing", "myapp_myobj"));
        assertThat(one("UPDATE IGNORE myapp_thing SET name = 'x' WHERE id = 1").written().names()).containsExactly("myapp_thing");
        assertThat(one("UPDATE LOW_PRIORITY myapp_thing SET name = 'x'").written().names()).containsExactly("myapp_thing");
        for (String sql : new String[] {"SELECT id FROM(myapp_myobj) WHERE id = 1", "SELECT id INTO @x FROM myapp_myobj",
                "SELECT id FROM @t", "DELETE FROM ((myapp_myobj))"}) {
            assertThat(one(sql).tables().all()).as(sql).isTrue();
        }
        // the UPDATE of a locking read or an upsert, USING's column list, a subquery, a literal: no table to read there
        for (String sql : new String[] {"SELECT id FROM myapp_myobj WHERE id = 1 FOR UPDATE",
                "SELECT id FROM myapp_myobj WHERE id = 1 FOR NO KEY UPDATE",
                "INSERT INTO myapp_myobj (id) VALUES (1) ON DUPLICATE KEY UPDATE id = id",
                "INSERT INTO myapp_myobj (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 1",
                "SELECT a.id FROM myapp_myobj a JOIN myapp_thing USING (id)", "SELECT x.id FROM (SELECT id FROM myapp_myobj) x",
                "SELECT id FROM myapp_myobj WHERE name = 'from (x)'"}) {
            assertThat(one(sql).tables().all()).as(sql).isFalse();
        }
    }

    @Test
    void theOtherKindsAsTheRulesStateThem() {
        assertThat(one("SELECT id FROM shop_tag WHERE name = 'x' FOR UPDATE").kind()).isEqualTo(Kind.LOCKING_READ);
        assertThat(one("SELECT id FROM shop_tag LOCK IN SHARE MODE").kind()).isEqualTo(Kind.LOCKING_READ);
        assertThat(one("SELECT GET_LOCK('k', 5)").kind()).isEqualTo(Kind.OPAQUE);
        assertThat(one("SELECT nextval('tag_seq')").kind()).isEqualTo(Kind.OPAQUE);
        assertThat(one("SELECT * FROM pg_temp.testfunc()").kind()).isEqualTo(Kind.OPAQUE);
        assertThat(one("SELECT * FROM generate_series(1, 3)").kind()).isEqualTo(Kind.READ);
        // a comma list, with or without aliases, cannot be read: every table
        assertThat(one("SELECT a.id FROM shop_tag a, shop_article b").tables().all()).isTrue();
        assertThat(one("SELECT a.id FROM shop_tag AS a, shop_article AS b").tables().all()).isTrue();
        assertThat(one("SELECT id FROM shop_tag, shop_article").tables().all()).isTrue();
        assertThat(one("SELECT s.x FROM (SELECT 1 AS x) s, shop_tag").tables().all()).isTrue();
        assertThat(one("SELECT a.id FROM shop_article a JOIN shop_tag t ON t.id = a.id, shop_vote v").tables().all()).isTrue();
        assertThat(one("SELECT id FROM shop_tag WHERE id IN (SELECT id FROM shop_article) ORDER BY id, name LIMIT 1, 2")
                .tables().names()).isEqualTo(Set.of("shop_tag", "shop_article"));
        // a FROM inside a function's parentheses may add a name that is no table: more dependence, never less
        assertThat(one("SELECT SUBSTRING(name FROM 1 FOR 2), TRIM(BOTH ',' FROM name) FROM shop_tag").tables())
                .satisfies(t -> assertThat(t.all()).isFalse()).satisfies(t -> assertThat(t.names()).contains("shop_tag"));
        assertThat(one("SELECT t.id FROM shop_tag t JOIN shop_article a ON a.id = t.id WHERE t.id IN (1, 2) ORDER BY t.id, a.id")
                .tables().names()).isEqualTo(Set.of("shop_tag", "shop_article"));
        assertThat(one("DELETE FROM shop_tag USING shop_article WHERE shop_tag.id = shop_article.id").tables().names())
                .isEqualTo(Set.of("shop_tag", "shop_article"));
        assertThat(one("SET autocommit = 1").kind()).isEqualTo(Kind.AUTOCOMMIT_ON);
        assertThat(one("START TRANSACTION WITH CONSISTENT SNAPSHOT").kind()).isEqualTo(Kind.BEGIN_SNAPSHOT);
        assertThat(one("BEGIN ISOLATION LEVEL REPEATABLE READ").kind()).isEqualTo(Kind.BEGIN);
        assertThat(one("RELEASE SAVEPOINT s1").kind()).isEqualTo(Kind.SAVEPOINT);
        assertThat(one("ROLLBACK TO SAVEPOINT s1").kind()).isEqualTo(Kind.ROLLBACK_TO);
        assertThat(one("COMMIT AND CHAIN").kind()).isEqualTo(Kind.OPAQUE);
        assertThat(one("CREATE TABLE t (id INT)").kind()).isEqualTo(Kind.OPAQUE);
        assertThat(SqlText.of("SAVEPOINT s1; INSERT INTO shop_tag (name) VALUES ('a;b')")).extracting(SqlText::kind)
                .containsExactly(Kind.SAVEPOINT, Kind.WRITE);
        assertThat(one("DELETE FROM shop_tag WHERE id IN (SELECT id FROM shop_article)").written().names())
                .isEqualTo(Set.of("shop_tag"));
    }
}
