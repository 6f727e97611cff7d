// CREATE/DROP DATABASE, CREATE/DROP/TRUNCATE TABLE and CREATE/DROP INDEX (which are ALTER
// TABLE's). Dropped and truncated data is deleted after the catalog change commits (the table id
// is gone by then, so no statement can see it). ALTER TABLE, RENAME TABLE, views and CREATE
// TABLE … SELECT are in ddl/.

import { ER } from '../../server/constants/error-codes.js';
import type {
  CreateDatabaseNode,
  CreateIndexNode,
  CreateTableNode,
  DropDatabaseNode,
  DropIndexNode,
  DropTableNode,
  TruncateTableNode,
} from '../ast/index.js';
import type { TableInfo } from '../catalog/schema.js';
import { buildTable, resolveCollation } from '../catalog/table-builder.js';
import { sqlError } from '../errors.js';
import { DEFAULT_COLLATION } from '../types/collation.js';
import { alterTable } from './ddl/alter-table.js';
import { clearTableData, targetDatabase } from './ddl/ddl-env.js';
import { dropTriggersOf } from './ddl/triggers.js';
import type { DdlEnv } from './ddl/ddl-env.js';

export type { DdlEnv } from './ddl/ddl-env.js';
export { clearTableData } from './ddl/ddl-env.js';

const SYSTEM_DATABASES = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

export async function createDatabase(node: CreateDatabaseNode, env: DdlEnv): Promise<number> {
  if (
    SYSTEM_DATABASES.has(node.name.toLowerCase()) &&
    node.name.toLowerCase() === 'information_schema'
  ) {
    throw sqlError(ER.DB_CREATE_EXISTS, node.name);
  }
  const collation = resolveCollation(node.charset, node.collation, DEFAULT_COLLATION);
  return env.catalog.ddl(async (writer, schema) => {
    if (schema.database(node.name)) {
      if (node.ifNotExists) {
        env.note(ER.DB_CREATE_EXISTS, node.name);
        return 0;
      }
      throw sqlError(ER.DB_CREATE_EXISTS, node.name);
    }
    const id = await writer.nextId();
    writer.putDatabase({
      id,
      name: node.name,
      charset: collation.charset,
      collation: collation.name,
    });
    return 1;
  });
}

export async function dropDatabase(node: DropDatabaseNode, env: DdlEnv): Promise<number> {
  if (node.name.toLowerCase() === 'information_schema') {
    throw sqlError(ER.DBACCESS_DENIED_ERROR, 'root', 'localhost', node.name);
  }
  const dropped = await env.catalog.ddl(async (writer, schema) => {
    const db = schema.database(node.name);
    if (!db) {
      if (node.ifExists) {
        env.note(ER.DB_DROP_EXISTS, node.name);
        return [];
      }
      throw sqlError(ER.DB_DROP_EXISTS, node.name);
    }
    const tables = schema.tables(db.name);
    for (const table of tables) writer.deleteTable(table);
    for (const view of schema.views(db.name)) writer.deleteView(view);
    for (const trigger of schema.triggers(db.name)) writer.deleteTrigger(trigger);
    writer.deleteDatabase(db);
    return tables;
  });
  for (const table of dropped) {
    env.catalog.autoIds.forget(table.id);
    clearTableData(env.store, table.id).catch(env.onBackgroundError);
  }
  return dropped.length;
}

export async function createTable(node: CreateTableNode, env: DdlEnv): Promise<void> {
  const dbName = targetDatabase(env, node.table.database);
  await env.catalog.ddl(async (writer, schema) => {
    const db = schema.database(dbName);
    if (!db) throw sqlError(ER.BAD_DB_ERROR, dbName);
    if (schema.hasRelation(dbName, node.table.name)) {
      if (node.ifNotExists) {
        env.note(ER.TABLE_EXISTS_ERROR, node.table.name);
        return;
      }
      throw sqlError(ER.TABLE_EXISTS_ERROR, node.table.name);
    }
    const id = await writer.nextId();
    let table: TableInfo;
    if (node.like) {
      const likeDb = node.like.database ?? dbName;
      const source = schema.table(likeDb, node.like.name);
      if (!source) {
        if (schema.view(likeDb, node.like.name))
          throw sqlError(ER.WRONG_OBJECT, likeDb, node.like.name, 'BASE TABLE');
        throw sqlError(ER.NO_SUCH_TABLE, likeDb, node.like.name);
      }
      table = {
        ...source,
        id,
        databaseId: db.id,
        name: node.table.name,
        createTimeMs: env.ctx.nowMs,
        columns: source.columns.map((c) => (c.sparse ? { ...c, sparse: false } : c)),
        indexes: source.indexes.filter((i) => i.state === 'public'),
        options: { ...source.options, autoIncrementStart: null },
      };
    } else {
      table = buildTable({ node, database: db, tableId: id, nowMs: env.ctx.nowMs, ctx: env.ctx });
    }
    writer.putTable(table);
    const start = table.options.autoIncrementStart;
    if (start !== null && start > 1n) writer.setAutoIdBase(id, 'auto', start - 1n);
  });
}

export async function dropTable(node: DropTableNode, env: DdlEnv): Promise<void> {
  const dropped = await env.catalog.ddl(async (writer, schema) => {
    const missing: string[] = [];
    const tables: TableInfo[] = [];
    for (const ref of node.tables) {
      const dbName = targetDatabase(env, ref.database);
      const table = schema.table(dbName, ref.name);
      if (table) tables.push(table);
      else if (schema.view(dbName, ref.name) && !node.ifExists)
        throw sqlError(ER.IT_IS_A_VIEW, `${dbName}.${ref.name}`);
      else missing.push(`${dbName}.${ref.name}`);
    }
    if (missing.length) {
      if (!node.ifExists) throw sqlError(ER.BAD_TABLE_ERROR, missing.join(','));
      for (const name of missing) env.note(ER.BAD_TABLE_ERROR, name);
    }
    for (const table of tables) {
      writer.deleteTable(table);
      dropTriggersOf(writer, schema, table);
    }
    return tables;
  });
  for (const table of dropped) {
    env.catalog.autoIds.forget(table.id);
    clearTableData(env.store, table.id).catch(env.onBackgroundError);
  }
}

/** TRUNCATE: the table gets a new id (and so an empty key range); the old rows are cleared. */
export async function truncateTable(node: TruncateTableNode, env: DdlEnv): Promise<void> {
  const dbName = targetDatabase(env, node.table.database);
  const old = await env.catalog.ddl(async (writer, schema) => {
    const table = schema.table(dbName, node.table.name);
    if (!table) throw sqlError(ER.NO_SUCH_TABLE, dbName, node.table.name);
    const id = await writer.nextId();
    writer.deleteTable(table);
    writer.putTable({
      ...table,
      id,
      columns: table.columns.map((c) => (c.sparse ? { ...c, sparse: false } : c)),
    });
    const start = table.options.autoIncrementStart;
    if (start !== null && start > 1n) writer.setAutoIdBase(id, 'auto', start - 1n);
    return table;
  });
  env.catalog.autoIds.forget(old.id);
  clearTableData(env.store, old.id).catch(env.onBackgroundError);
}

/** CREATE INDEX is ALTER TABLE … ADD INDEX (as in MySQL). */
export async function createIndex(node: CreateIndexNode, env: DdlEnv): Promise<void> {
  await alterTable(
    {
      kind: 'AlterTable',
      table: node.table,
      actions: [{ kind: 'addIndex', index: node.index, ifNotExists: node.ifNotExists }],
      algorithm: 'DEFAULT',
      lock: 'DEFAULT',
    },
    env,
  );
}

/** DROP INDEX is ALTER TABLE … DROP INDEX. */
export async function dropIndex(node: DropIndexNode, env: DdlEnv): Promise<void> {
  await alterTable(
    {
      kind: 'AlterTable',
      table: node.table,
      actions: [{ kind: 'dropIndex', name: node.name, ifExists: node.ifExists }],
      algorithm: 'DEFAULT',
      lock: 'DEFAULT',
    },
    env,
  );
}
