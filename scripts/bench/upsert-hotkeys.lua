-- sysbench 1.0 script: the C peer of `dbrace run -s upsert --keys 1000`. Each event is one caller's
-- upsert of one of 1,000 hot keys with a random state, autocommit off, then COMMIT: the statement whose
-- OK packet carries the row's id (id = LAST_INSERT_ID(id)), as dbrace's upsert sends it. The tables are
-- the seed's schema with its foreign keys (bench_thing, bench_owner, bench_myobj).
--   sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-user=root --mysql-db=test \
--            --threads=8 --time=10 scripts/bench/upsert-hotkeys.lua prepare|run|cleanup

local KEYS = 1000

function prepare()
    local con = sysbench.sql.driver():connect()
    con:query("DROP TABLE IF EXISTS bench_myobj")
    con:query("DROP TABLE IF EXISTS bench_thing")
    con:query("DROP TABLE IF EXISTS bench_owner")
    con:query("CREATE TABLE bench_thing (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL) ENGINE=InnoDB")
    con:query("CREATE TABLE bench_owner (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL) ENGINE=InnoDB")
    con:query("CREATE TABLE bench_myobj (id BIGINT AUTO_INCREMENT PRIMARY KEY, thing_id BIGINT NOT NULL, "
            .. "owner_id BIGINT NOT NULL, state BOOLEAN NOT NULL, UNIQUE KEY u (thing_id, owner_id), "
            .. "FOREIGN KEY (thing_id) REFERENCES bench_thing (id), "
            .. "FOREIGN KEY (owner_id) REFERENCES bench_owner (id)) ENGINE=InnoDB")
    for i = 1, KEYS do
        con:query(string.format("INSERT INTO bench_thing VALUES (%d, 't')", i))
    end
    con:query("INSERT INTO bench_owner VALUES (1, 'o')")
end

function cleanup()
    local con = sysbench.sql.driver():connect()
    con:query("DROP TABLE IF EXISTS bench_myobj")
    con:query("DROP TABLE IF EXISTS bench_thing")
    con:query("DROP TABLE IF EXISTS bench_owner")
end

function thread_init()
    drv = sysbench.sql.driver()
    con = drv:connect()
    con:query("SET autocommit = 0")
    stmt = con:prepare("INSERT INTO bench_myobj (thing_id, owner_id, state) VALUES (?, ?, ?) "
            .. "ON DUPLICATE KEY UPDATE state = VALUES(state), id = LAST_INSERT_ID(id)")
    params = {stmt:bind_create(sysbench.sql.type.BIGINT), stmt:bind_create(sysbench.sql.type.BIGINT),
              stmt:bind_create(sysbench.sql.type.TINYINT)}
    stmt:bind_param(unpack(params))
end

function thread_done()
    stmt:close()
    con:disconnect()
end

function event()
    params[1]:set(sysbench.rand.uniform(1, KEYS))
    params[2]:set(1)
    params[3]:set(sysbench.rand.uniform(0, 1))
    stmt:execute()
    con:query("COMMIT")
end
