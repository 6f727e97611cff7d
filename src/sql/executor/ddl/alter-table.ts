// ALTER TABLE run by the algorithm its plan chose (alter-plan.ts). Every way ends in one catalog
// change that publishes the whole new definition, so the statement takes effect all at once or
// not at all:
//
//   metadata  that one change;
//   index     new keys published write-only on the table as it is, filled from the rows, then
//             the new definition;
//   copy      writes to the table held, commits under way let land, every row converted into a
//             new table id, then the new definition under that id replaces the old table (whose
//             data is cleared afterwards).

import { ER } from '../../../server/constants/error-codes.js';
import type { AlterTableNode } from '../../ast/index.js';
import type { CatalogWriter } from '../../catalog/catalog.js';
import type { InfoSchema } from '../../catalog/info-schema.js';
import type { IndexInfo, TableInfo } from '../../catalog/schema.js';
import { sqlError } from '../../errors.js';
import { clearTableData, tableResolver, targetDatabase } from './ddl-env.js';
import type { DdlEnv } from './ddl-env.js';
import { planAlter } from './alter-plan.js';
import type { AlterPlan } from './alter-plan.js';
import { copyRows } from './copy-rows.js';
import { backfillIndex, clearIndexData } from './index-build.js';
import { moveTriggersOf } from './triggers.js';

export interface AlterResult {
  /** Rows copied (MySQL reports them as affected rows and "Records:"). */
  readonly rows: number;
}

export async function alterTable(node: AlterTableNode, env: DdlEnv): Promise<AlterResult> {
  const dbName = targetDatabase(env, node.table.database);
  const name = node.table.name;
  return env.catalog.withTableLock(tableResolver(env, dbName, name), async (table) => {
    const schema = env.catalog.schema;
    if (!table) {
      if (!schema.database(dbName)) throw sqlError(ER.BAD_DB_ERROR, dbName);
      if (schema.view(dbName, name)) throw sqlError(ER.WRONG_OBJECT, dbName, name, 'BASE TABLE');
      throw sqlError(ER.NO_SUCH_TABLE, dbName, name);
    }
    const plan = planAlter({
      node,
      table,
      database: dbName,
      ctx: env.ctx,
      note: env.note,
    });
    checkAlgorithm(node, plan);
    if (plan.unchanged) return { rows: 0 };
    switch (plan.algorithm) {
      case 'metadata':
        await alterMetadata(plan, env);
        return { rows: 0 };
      case 'index':
        await alterWithIndexes(plan, env);
        return { rows: 0 };
      case 'copy':
        return alterByCopy(plan, env);
    }
  });
}

/** ALGORITHM= and LOCK= name what the statement may cost; MySQL refuses more (1845). */
function checkAlgorithm(node: AlterTableNode, plan: AlterPlan): void {
  const chosen = plan.algorithm;
  const needed = chosen === 'copy' ? 'COPY' : chosen === 'index' ? 'INPLACE' : 'INSTANT';
  if (node.algorithm === 'INSTANT' && chosen !== 'metadata')
    throw sqlError(ER.ALTER_OPERATION_NOT_SUPPORTED, 'ALGORITHM=INSTANT', `ALGORITHM=${needed}`);
  if ((node.algorithm === 'INPLACE' || node.algorithm === 'NOCOPY') && chosen === 'copy')
    throw sqlError(
      ER.ALTER_OPERATION_NOT_SUPPORTED,
      `ALGORITHM=${node.algorithm}`,
      'ALGORITHM=COPY',
    );
  if (node.lock === 'NONE' && chosen === 'copy')
    throw sqlError(ER.ALTER_OPERATION_NOT_SUPPORTED, 'LOCK=NONE', 'LOCK=SHARED');
}

/** The table as the plan saw it, or the error of a statement that changed or dropped it since. */
function unchangedSince(schema: InfoSchema, plan: AlterPlan, version: number): TableInfo {
  const current = schema.tableById(plan.old.id);
  if (!current) throw sqlError(ER.NO_SUCH_TABLE, schema.databaseOf(plan.old).name, plan.old.name);
  if (current.updateVersion !== version) throw sqlError(ER.TABLE_DEF_CHANGED);
  return current;
}

/** The new definition under its final database and name (checked free) and the given id. */
function placed(schema: InfoSchema, plan: AlterPlan, table: TableInfo): TableInfo {
  if (plan.renamed === null) return table;
  const { database, name } = plan.renamed;
  const db = schema.database(database);
  if (!db) throw sqlError(ER.BAD_DB_ERROR, database);
  const oldDb = schema.databaseOf(plan.old);
  const sameName = db.id === oldDb.id && name === plan.old.name;
  if (!sameName && schema.hasRelation(database, name)) throw sqlError(ER.TABLE_EXISTS_ERROR, name);
  return { ...table, databaseId: db.id, name };
}

function putMoved(
  writer: CatalogWriter,
  schema: InfoSchema,
  old: TableInfo,
  table: TableInfo,
): void {
  if (table.databaseId !== old.databaseId) writer.deleteTableEntry(old);
  writer.putTable(table);
  if (table.name !== old.name || table.databaseId !== old.databaseId)
    moveTriggersOf(writer, schema, old, table);
}

function clearDroppedIndexes(env: DdlEnv, plan: AlterPlan): void {
  for (const index of plan.droppedIndexes)
    clearIndexData(env.store, plan.old.id, index.id).catch(env.onBackgroundError);
}

async function alterMetadata(plan: AlterPlan, env: DdlEnv): Promise<void> {
  await env.catalog.ddl(async (writer, schema) => {
    const current = unchangedSince(schema, plan, plan.old.updateVersion);
    putMoved(writer, schema, current, placed(schema, plan, plan.table));
  });
  clearDroppedIndexes(env, plan);
  if (plan.autoIncrement !== null && plan.autoIncrement > 1n)
    await env.catalog.autoIds.rebase(plan.old.id, 'auto', plan.autoIncrement - 1n);
}

/** A key of the new table expressed over the old table's column offsets, write-only. */
function onOldColumns(plan: AlterPlan, index: IndexInfo): IndexInfo {
  const offsetById = new Map(plan.old.columns.map((c) => [c.id, c.offset]));
  return {
    ...index,
    state: 'write-only',
    columns: index.columns.map((part) => ({
      ...part,
      offset: offsetById.get(plan.table.columns[part.offset]!.id)!,
    })),
  };
}

async function alterWithIndexes(plan: AlterPlan, env: DdlEnv): Promise<void> {
  const building = plan.newIndexes.map((index) => onOldColumns(plan, index));
  const version = await env.catalog.ddl(async (writer, schema) => {
    const current = unchangedSince(schema, plan, plan.old.updateVersion);
    writer.putTable({
      ...current,
      indexes: [...current.indexes, ...building],
      nextIndexId: plan.table.nextIndexId,
    });
    return writer.version;
  });
  try {
    for (const index of building) await backfillIndex(env.catalog, env.store, plan.old.id, index);
    await env.catalog.ddl(async (writer, schema) => {
      const current = unchangedSince(schema, plan, version);
      putMoved(writer, schema, current, placed(schema, plan, plan.table));
    });
  } catch (error) {
    const ids = new Set(building.map((i) => i.id));
    await env.catalog.ddl(async (writer, schema) => {
      const current = schema.tableById(plan.old.id);
      if (current)
        writer.putTable({ ...current, indexes: current.indexes.filter((i) => !ids.has(i.id)) });
    });
    for (const index of building) await clearIndexData(env.store, plan.old.id, index.id);
    throw error;
  }
  clearDroppedIndexes(env, plan);
  if (plan.autoIncrement !== null && plan.autoIncrement > 1n)
    await env.catalog.autoIds.rebase(plan.old.id, 'auto', plan.autoIncrement - 1n);
}

const maxOf = (...values: bigint[]) => values.reduce((a, b) => (a > b ? a : b));

async function alterByCopy(plan: AlterPlan, env: DdlEnv): Promise<AlterResult> {
  const { catalog, store } = env;
  const old = plan.old;
  const hold = catalog.holdWrites(old.id);
  let newId: number | null = null;
  let unstage: (() => void) | null = null;
  try {
    // Writes planned before this point now fail their commit-time check and are planned again.
    const started = await catalog.ddl(async (writer, schema) => {
      const current = unchangedSince(schema, plan, old.updateVersion);
      writer.putTable(current);
      return { id: await writer.nextId(), version: writer.version };
    });
    newId = started.id;
    await catalog.drainCommits();
    const lastAutoId = (await catalog.autoIds.peek(old.id, 'auto')) - 1n;
    const lastRowId = (await catalog.autoIds.peek(old.id, 'row')) - 1n;
    const target: TableInfo = { ...plan.table, id: started.id };
    unstage = catalog.stage(target);
    const copied = await copyRows({
      store,
      old,
      table: target,
      sources: plan.sources,
      ctx: env.ctx,
      checkInterrupted: env.checkInterrupted,
      lastAutoId,
    });
    const requested = plan.autoIncrement !== null ? plan.autoIncrement - 1n : 0n;
    await catalog.ddl(async (writer, schema) => {
      const current = unchangedSince(schema, plan, started.version);
      writer.deleteTable(current);
      const final = placed(schema, plan, target);
      writer.putTable(final);
      if (final.name !== current.name || final.databaseId !== current.databaseId)
        moveTriggersOf(writer, schema, current, final);
      writer.setAutoIdBase(started.id, 'auto', maxOf(lastAutoId, copied.maxAutoId, requested));
      writer.setAutoIdBase(started.id, 'row', maxOf(lastRowId, copied.maxHandle));
    });
    catalog.autoIds.forget(old.id);
    clearTableData(store, old.id).catch(env.onBackgroundError);
    return { rows: copied.rows };
  } catch (error) {
    if (newId !== null) clearTableData(store, newId).catch(env.onBackgroundError);
    throw error;
  } finally {
    hold.release();
    unstage?.();
  }
}
