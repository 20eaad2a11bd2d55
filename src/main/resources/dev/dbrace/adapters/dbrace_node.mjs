// Races or explores your own Node.js function on your own table, with no protocol code of yours.
//
//   dbrace run --nodejs ./src/tags.js#sequelizeFindOrCreate --project examples/node/team --table tags --key-columns name
//
// dbrace starts this file itself (it travels inside dbrace's jar) with your Node.js, in --project (default: the
// current folder), where your module and its node_modules are. Before your module is loaded it sets, for the
// server dbrace names (through its statement gate):
//   DATABASE_URL        mysql://user@host:port/db or postgres://user@host:port/db
//   DB_DIALECT          mysql or postgres (Sequelize's and TypeORM's names), DB_HOST, DB_PORT, DB_NAME, DB_USER,
//                       DB_PASSWORD
//   DBRACE_ISOLATION    the level dbrace was asked for (READ COMMITTED, REPEATABLE READ, SERIALIZABLE), else empty
// so that your module opens its own Sequelize or DataSource from the environment, as it does in production. An
// exported async isolation() says the level its calls run at (reports show "unknown" without it).
// Each call is one call of the exported async function, with one property per key column:
//
//   await getOrCreate({ name: ... }, state)
//
// (state only where the function declares a second parameter). It need say nothing of what it did: through dbrace's
// statement gate the call created the row when an INSERT of it committed, and found it when it returned without
// one. Where it returns [row, created] (Sequelize's findOrCreate and upsert do), that word is passed on too, and
// dbrace holds it to the wire. An error it lets out is the caller's: a unique-constraint violation is
// integrity_error, an empty result Sequelize or TypeORM rejects (EmptyResultError, EntityNotFoundError)
// does_not_exist, any other an error with the driver's code.
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import path from "node:path";

const args = process.argv.slice(2);
let project = ".";
let named = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--project") project = args[++i];
  else if (args[i] === "--call" || args[i] === "--function") named = args[++i];
  else { process.stderr.write(`dbrace_node: unknown argument ${args[i]}\n`); process.exit(2); }
}
if (!named || !named.includes("#")) {
  process.stderr.write("dbrace_node: name the function as MODULE#EXPORT, e.g. ./src/tags.js#getOrCreate\n");
  process.exit(2);
}
process.chdir(project);

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");

function errorOf(e) {
  const cause = e.original || e.parent || e.driverError || e;
  const code = typeof cause.errno === "number" ? cause.errno : null;
  const sqlstate = cause.sqlState || (typeof cause.code === "string" && /^[0-9A-Z]{5}$/.test(cause.code) ? cause.code : null);
  return { class: e.name || e.constructor?.name, code, sqlstate, message: String(e.message).split("\n")[0].slice(0, 300) };
}

function outcomeOf(e) {
  const cause = e.original || e.parent || e.driverError || e;
  const name = e.name || "";
  if (name === "SequelizeUniqueConstraintError" || cause.code === "ER_DUP_ENTRY" || cause.code === "23505") {
    return "integrity_error";
  }
  if (name === "SequelizeEmptyResultError" || name === "EntityNotFoundError" || name === "EntityNotFound") {
    return "does_not_exist";
  }
  return "error";
}

const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
const hello = JSON.parse((await lines.next()).value);
const t = hello.target;
const dialect = t.family === "postgresql" ? "postgres" : "mysql";
const password = process.env.DBRACE_PASSWORD || "";
Object.assign(process.env, {
  DATABASE_URL: `${dialect}://${encodeURIComponent(t.user)}${password ? ":" + encodeURIComponent(password) : ""}`
    + `@${t.host}:${t.port}/${t.database}`,
  DB_DIALECT: dialect, DB_HOST: t.host, DB_PORT: String(t.port), DB_NAME: t.database, DB_USER: t.user,
  DB_PASSWORD: password,
  DBRACE_ISOLATION: hello.isolation ? hello.isolation.replace("-", " ").toUpperCase() : "",
});
const [file, exported] = named.split("#");
const module = await import(pathToFileURL(path.resolve(file)).href);
const fn = module[exported] ?? module.default?.[exported];
if (typeof fn !== "function") {
  process.stderr.write(`dbrace_node: ${file} exports no function ${exported}\n`);
  process.exit(2);
}
const withState = fn.length >= 2;
// the level the module's connections run at, where it says (an exported isolation()); dbrace shows "unknown" else
let level = null;
if (typeof module.isolation === "function") {
  const said = await module.isolation();
  level = said ? String(said).toLowerCase().replace(" ", "-") : null;
}
send({ type: "ready", isolation: level });
for (;;) {
  const next = await lines.next();
  if (next.done) break;
  const msg = JSON.parse(next.value);
  if (msg.type === "stop") break;
  let result;
  try {
    const returned = withState ? await fn(msg.key, msg.state) : await fn(msg.key);
    if (Array.isArray(returned) && returned.length === 2 && typeof returned[1] === "boolean") {
      const id = Number(returned[0]?.id);      // node-postgres gives a bigint as a string
      result = { outcome: returned[1] ? "created" : "found", id: Number.isSafeInteger(id) && id > 0 ? id : undefined };
      if (result.id === undefined) result.outcome = "returned";
    } else {
      result = { outcome: "returned" };
    }
  } catch (e) {
    result = { outcome: outcomeOf(e), error: errorOf(e) };
  }
  send({ ...result, type: "result", seq: msg.seq });
}
await module.close?.();
process.exit(0);
