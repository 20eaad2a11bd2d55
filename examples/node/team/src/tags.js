// A small team's tagging code on Node.js: Sequelize 6 and TypeORM 0.3 on one `tags` table (a unique name), each
// opened from the environment as the team deploys it (DATABASE_URL, DB_*). dbrace races an export by name:
//
//   dbrace explain --all --nodejs ./src/tags.js#sequelizeFindOrCreate --project examples/node/team \
//       --table tags --key-columns name -i repeatable-read
//
// One connection a pool: dbrace's explorer orders one connection per caller (a call whose statements spread over a
// pool's connections is refused in one line).
"use strict";
require("reflect-metadata");
const { Sequelize, DataTypes } = require("sequelize");
const { DataSource, EntitySchema } = require("typeorm");

const isolation_ = process.env.DBRACE_ISOLATION || undefined;

let sequelize;
let Tag;
function sequelizeTag() {
  if (!Tag) {
    sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false, isolationLevel: isolation_,
      pool: { max: 5, min: 0 } });
    Tag = sequelize.define("Tag", { name: { type: DataTypes.STRING(100), allowNull: false, unique: true } },
      { tableName: "tags", underscored: true });
  }
  return Tag;
}

let dataSource;
const TagEntity = new EntitySchema({
  name: "Tag", tableName: "tags",
  columns: {
    id: { type: Number, primary: true, generated: true },
    name: { type: String, length: 100, unique: true },
  },
});
async function typeorm() {
  if (!dataSource) {
    dataSource = new DataSource({ type: process.env.DB_DIALECT, host: process.env.DB_HOST, port: Number(process.env.DB_PORT),
      username: process.env.DB_USER, password: process.env.DB_PASSWORD, database: process.env.DB_NAME,
      entities: [TagEntity], poolSize: 1, logging: false });
    await dataSource.initialize();
  }
  return dataSource;
}

/** Sequelize's findOrCreate, as its docs show it: [tag, created]. */
async function sequelizeFindOrCreate({ name }) {
  return sequelizeTag().findOrCreate({ where: { name } });
}

/**
 * TypeORM's find-then-save (findOneBy, and save when there is none) inside one transaction at the level dbrace was
 * asked for: TypeORM sets no level on its connections, only on the transactions it is given one for.
 */
async function typeormFindThenSaveInTransaction({ name }) {
  const ds = await typeorm();
  const run = async (manager) => {
    const repo = manager.getRepository(TagEntity);
    return (await repo.findOneBy({ name })) ?? repo.save(repo.create({ name }));
  };
  return isolation_ ? ds.transaction(isolation_, run) : ds.transaction(run);
}

/**
 * Sequelize's upsert, as its docs show it: [tag, created]. On MySQL and MariaDB created comes from the affected rows
 * (Sequelize turns the client's found-rows flag off); on PostgreSQL it is null: the answer counts one row either way.
 */
async function sequelizeUpsert({ name }) {
  return sequelizeTag().upsert({ name }, { conflictFields: ["name"] });
}

/** TypeORM's upsert on the unique name, then the row it left: TypeORM does not say whether it inserted it. */
async function typeormUpsert({ name }) {
  const repo = (await typeorm()).getRepository(TagEntity);
  await repo.upsert({ name }, { conflictPaths: ["name"] });
  return repo.findOneBy({ name });
}

/** The level the calls run at: Sequelize sets it on each transaction it opens; TypeORM's transactions are given it. */
async function isolation() {
  return isolation_ ?? null;
}

async function close() {
  await sequelize?.close();
  await dataSource?.destroy();
}

module.exports = { sequelizeFindOrCreate, sequelizeUpsert, typeormFindThenSaveInTransaction, typeormUpsert, isolation, close };
