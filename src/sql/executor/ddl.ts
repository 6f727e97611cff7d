// CREATE/DROP DATABASE, CREATE/DROP/TRUNCATE TABLE and CREATE/DROP INDEX. Dropped and truncated
// data is deleted after the catalog change commits (the table id is gone by then, so no
// statement can see it); CREATE INDEX publishes the index write-only, backfills it from the
// rows, then makes it public.

import { ER } from '../../server/constants/error-codes.js';
import { decodeRowKeyHandle, indexPrefix, prefixEnd, tableKeyRange } from '../../codec/index.js';
import type { TxnStoreApi } from '../../txn/api.js';
import type {
  CreateDatabaseNode,
  CreateIndexNode,
  CreateTableNode,
  DropDatabaseNode,
  DropIndexNode,
  DropTableNode,
  TruncateTableNode,
} from '../ast/index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { IndexInfo, TableInfo } from '../catalog/schema.js';
import { buildTable, resolveCollation } from '../catalog/table-builder.js';
import { sqlError } from '../errors.js';
import type { EvalContext } from '../expr/eval-context.js';
import { codecOf } from '../planner/table-scope.js';
import { DEFAULT_COLLATION } from '../types/collation.js';
import { evalKindOf, isBlobOrText } from '../types/column-type.js';
import { duplicateEntryError } from './row-writer.js';

/** Keys deleted per transaction when clearing a dropped table's data. */
const CLEAR_BATCH_KEYS = 10_000;
/** Rows backfilled per transaction by CREATE INDEX. */
const BACKFILL_BATCH_ROWS = 2_000;
const SYSTEM_DATABASES = new Set(['information_schema', 'mysql', 'performance_schema', 'sys']);

export interface DdlEnv {
  readonly catalog: Catalog;
  readonly store: TxnStoreApi;
  readonly ctx: EvalContext;
  readonly database: string | null;
  /** Reports background failures (data cleanup after DROP/TRUNCATE). */
  readonly onBackgroundError: (error: unknown) => void;
}

function targetDatabase(env: DdlEnv, database: string | null): string {
  const name = database ?? env.database;
  if (name === null) throw sqlError(ER.NO_DB_ERROR);
  return name;
}

/** Deletes every key of a table id, in batches, after its catalog entry is gone. */
export async function clearTableData(store: TxnStoreApi, tableId: number): Promise<void> {
  const [start, end] = tableKeyRange(tableId);
  for (;;) {
    const txn = await store.begin({ mode: 'optimistic' });
    try {
      const pairs = await txn.scan(start, end, { limit: CLEAR_BATCH_KEYS, keyOnly: true });
      for (const [key] of pairs) txn.delete(key);
      await txn.commit();
      if (pairs.length < CLEAR_BATCH_KEYS) return;
    } catch (error) {
      if (!txn.finished) await txn.rollback();
      throw error;
    }
  }
}

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
        env.ctx.warn(ER.DB_CREATE_EXISTS, node.name);
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
        env.ctx.warn(ER.DB_DROP_EXISTS, node.name);
        return [];
      }
      throw sqlError(ER.DB_DROP_EXISTS, node.name);
    }
    const tables = schema.tables(db.name);
    for (const table of tables) writer.deleteTable(table);
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
    if (schema.table(dbName, node.table.name)) {
      if (node.ifNotExists) {
        env.ctx.warn(ER.TABLE_EXISTS_ERROR, node.table.name);
        return;
      }
      throw sqlError(ER.TABLE_EXISTS_ERROR, node.table.name);
    }
    const id = await writer.nextId();
    let table: TableInfo;
    if (node.like) {
      const likeDb = node.like.database ?? dbName;
      const source = schema.table(likeDb, node.like.name);
      if (!source) throw sqlError(ER.NO_SUCH_TABLE, likeDb, node.like.name);
      table = {
        ...source,
        id,
        databaseId: db.id,
        name: node.table.name,
        createTimeMs: env.ctx.nowMs,
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
      if (!table) missing.push(`${dbName}.${ref.name}`);
      else tables.push(table);
    }
    if (missing.length) {
      if (!node.ifExists) throw sqlError(ER.BAD_TABLE_ERROR, missing.join(','));
      for (const name of missing) env.ctx.warn(ER.BAD_TABLE_ERROR, name);
    }
    for (const table of tables) writer.deleteTable(table);
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
    writer.putTable({ ...table, id });
    const start = table.options.autoIncrementStart;
    if (start !== null && start > 1n) writer.setAutoIdBase(id, 'auto', start - 1n);
    return table;
  });
  env.catalog.autoIds.forget(old.id);
  clearTableData(env.store, old.id).catch(env.onBackgroundError);
}

export async function createIndex(node: CreateIndexNode, env: DdlEnv): Promise<void> {
  const dbName = targetDatabase(env, node.table.database);
  const added = await env.catalog.ddl(async (writer, schema) => {
    const table = schema.table(dbName, node.table.name);
    if (!table) throw sqlError(ER.NO_SUCH_TABLE, dbName, node.table.name);
    const def = node.index;
    const columns = def.columns.map((part) => {
      const column = table.columns.find((c) => c.name.toLowerCase() === part.column.toLowerCase());
      if (!column) throw sqlError(ER.KEY_COLUMN_DOES_NOT_EXITS, part.column);
      const kind = evalKindOf(column.type.name);
      if (part.length !== null && kind !== 'string' && kind !== 'binary')
        throw sqlError(ER.WRONG_SUB_KEY);
      if (part.length === null && isBlobOrText(column.type.name))
        throw sqlError(ER.BLOB_KEY_WITHOUT_LENGTH, column.name);
      return { offset: column.offset, prefixLength: part.length, descending: part.descending };
    });
    let name = def.name ?? table.columns[columns[0]!.offset]!.name;
    if (!def.name)
      for (let n = 2; table.indexes.some((i) => i.name.toLowerCase() === name.toLowerCase()); n++)
        name = `${table.columns[columns[0]!.offset]!.name}_${n}`;
    if (table.indexes.some((i) => i.name.toLowerCase() === name.toLowerCase())) {
      if (node.ifNotExists) {
        env.ctx.warn(ER.DUP_KEYNAME, name);
        return null;
      }
      throw sqlError(ER.DUP_KEYNAME, name);
    }
    const index: IndexInfo = {
      id: table.nextIndexId,
      name,
      primary: false,
      unique: def.unique,
      columns,
      state: 'write-only',
      comment: def.comment ?? '',
    };
    const updated: TableInfo = {
      ...table,
      indexes: [...table.indexes, index],
      nextIndexId: table.nextIndexId + 1,
    };
    writer.putTable(updated);
    return { tableId: table.id, index };
  });
  if (!added) return;
  try {
    await backfillIndex(env, added.tableId, added.index);
  } catch (error) {
    await env.catalog.ddl(async (writer, schema) => {
      const table = schema.tableById(added.tableId);
      if (table)
        writer.putTable({
          ...table,
          indexes: table.indexes.filter((i) => i.id !== added.index.id),
        });
    });
    await clearIndexData(env, added.tableId, added.index);
    throw error;
  }
  await env.catalog.ddl(async (writer, schema) => {
    const table = schema.tableById(added.tableId);
    if (!table) return;
    writer.putTable({
      ...table,
      indexes: table.indexes.map((i) =>
        i.id === added.index.id ? { ...i, state: 'public' as const } : i,
      ),
    });
  });
}

/**
 * Writes the index entries of every row. Each batch locks its rows, so a concurrent UPDATE
 * either finished before (and the batch sees its row) or waits and then maintains the
 * write-only index itself.
 */
async function backfillIndex(env: DdlEnv, tableId: number, index: IndexInfo): Promise<void> {
  const table = env.catalog.schema.tableById(tableId);
  if (!table) return;
  const codec = codecOf(table);
  // Only the indexed columns: the entries need nothing else of the rows.
  const decoder = codec.decoder(index.columns.map((c) => c.offset));
  const [rangeStart, end] = codec.rowKeys.range();
  let start = rangeStart;
  for (;;) {
    const txn = await env.store.begin({ mode: 'pessimistic' });
    try {
      const pairs = await txn.scan(start, end, { limit: BACKFILL_BATCH_ROWS, keyOnly: true });
      if (pairs.length === 0) {
        await txn.rollback();
        return;
      }
      const keys = pairs.map(([k]) => k);
      const values = await txn.lockKeys(keys);
      const entries: Array<{ key: Buffer; value: Buffer; row: unknown[] }> = [];
      for (let i = 0; i < keys.length; i++) {
        const value = values[i];
        if (value === undefined) continue;
        const row = new Array(table.columns.length).fill(null);
        decoder.decode(value, row);
        const handle = decodeRowKeyHandle(keys[i]!);
        entries.push({
          key: codec.indexKey(index, row, handle),
          value: codec.indexValue(index, row, handle),
          row,
        });
      }
      if (index.unique) {
        const existing = await txn.lockKeys(entries.map((e) => e.key));
        const seen = new Set<string>();
        entries.forEach((e, i) => {
          const k = e.key.toString('latin1');
          if ((existing[i] !== undefined && !existing[i]!.equals(e.value)) || seen.has(k)) {
            throw duplicateEntryError(table, index, e.row as never);
          }
          seen.add(k);
        });
      }
      for (const e of entries) txn.put(e.key, e.value);
      await txn.commit();
      if (pairs.length < BACKFILL_BATCH_ROWS) return;
      start = Buffer.concat([keys[keys.length - 1]!, Buffer.from([0])]);
    } catch (error) {
      if (!txn.finished) await txn.rollback();
      throw error;
    }
  }
}

async function clearIndexData(env: DdlEnv, tableId: number, index: IndexInfo): Promise<void> {
  const start = indexPrefix(tableId, index.id);
  const end = prefixEnd(start);
  const txn = await env.store.begin({ mode: 'optimistic' });
  try {
    for (const [key] of await txn.scan(start, end, { keyOnly: true })) txn.delete(key);
    await txn.commit();
  } catch (error) {
    if (!txn.finished) await txn.rollback();
    throw error;
  }
}

export async function dropIndex(node: DropIndexNode, env: DdlEnv): Promise<void> {
  const dbName = targetDatabase(env, node.table.database);
  const removed = await env.catalog.ddl(async (writer, schema) => {
    const table = schema.table(dbName, node.table.name);
    if (!table) throw sqlError(ER.NO_SUCH_TABLE, dbName, node.table.name);
    const index = table.indexes.find((i) => i.name.toLowerCase() === node.name.toLowerCase());
    if (!index) {
      if (node.ifExists) {
        env.ctx.warn(ER.CANT_DROP_FIELD_OR_KEY, node.name);
        return null;
      }
      throw sqlError(ER.CANT_DROP_FIELD_OR_KEY, node.name);
    }
    if (index.primary && table.handleColumn >= 0)
      throw sqlError(ER.NOT_SUPPORTED_YET, 'dropping a clustered PRIMARY KEY');
    if (table.autoIncrementColumn >= 0) {
      const stillKeyed = table.indexes.some(
        (i) => i.id !== index.id && i.columns[0]!.offset === table.autoIncrementColumn,
      );
      if (!stillKeyed) throw sqlError(ER.WRONG_AUTO_KEY);
    }
    writer.putTable({ ...table, indexes: table.indexes.filter((i) => i.id !== index.id) });
    return { tableId: table.id, index };
  });
  if (removed) clearIndexData(env, removed.tableId, removed.index).catch(env.onBackgroundError);
}
