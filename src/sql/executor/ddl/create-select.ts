// CREATE TABLE … [AS] SELECT: the query runs first (at one snapshot), its result columns become
// the table's columns after those the statement defines (a defined column of the same name takes
// the values instead), the rows are loaded into the new table id, and only then is the table
// published — so a failure leaves no table behind, as MySQL's atomic DDL does.

import { ER } from '../../../server/constants/error-codes.js';
import type { ColumnDefinition, CreateTableNode } from '../../ast/index.js';
import type { ColumnInfo, TableInfo } from '../../catalog/schema.js';
import { buildTable } from '../../catalog/table-builder.js';
import { sqlError } from '../../errors.js';
import { planQuery } from '../../planner/select-planner.js';
import { coerceToColumn, implicitDefault } from '../../types/store-coerce.js';
import { toBigInt } from '../../types/value.js';
import type { Row, Value } from '../../types/value.js';
import { runQuery } from '../select-executor.js';
import { currentTimestampFor } from '../write-env.js';
import { BulkLoader } from './bulk-loader.js';
import { clearTableData, targetDatabase } from './ddl-env.js';
import type { DdlEnv } from './ddl-env.js';
import { resultColumnDefinition } from './result-columns.js';

export interface CreateSelectResult {
  readonly rows: number;
  readonly duplicates: number;
}

/** The longest value of each result column: characters of strings, bytes of binary strings. */
function longestValues(rows: readonly Value[][], width: number): number[] {
  const longest = new Array<number>(width).fill(0);
  for (const row of rows) {
    for (let i = 0; i < width; i++) {
      const v = row[i];
      const length = typeof v === 'string' ? [...v].length : Buffer.isBuffer(v) ? v.length : 0;
      if (length > longest[i]!) longest[i] = length;
    }
  }
  return longest;
}

function defaultFor(column: ColumnInfo, env: DdlEnv): Value {
  const d = column.defaultValue;
  if (d.kind === 'value') return d.value;
  if (d.kind === 'now') return currentTimestampFor(column, env.ctx);
  return column.notNull && !column.autoIncrement ? implicitDefault(column) : null;
}

export async function createTableSelect(
  node: CreateTableNode,
  env: DdlEnv,
): Promise<CreateSelectResult> {
  const dbName = targetDatabase(env, node.table.database);
  const schema = env.catalog.schema;
  const database = schema.database(dbName);
  if (!database) throw sqlError(ER.BAD_DB_ERROR, dbName);
  if (schema.hasRelation(dbName, node.table.name)) {
    if (!node.ifNotExists) throw sqlError(ER.TABLE_EXISTS_ERROR, node.table.name);
    env.note(ER.TABLE_EXISTS_ERROR, node.table.name);
    return { rows: 0, duplicates: 0 };
  }
  const plan = planQuery(node.query!, env.planEnv);
  const reader = await env.store.snapshot();
  const output = await runQuery(plan, {
    ctx: env.ctx,
    reader,
    lockIn: null,
    checkInterrupted: env.checkInterrupted,
    noteScan: () => undefined,
  });
  const rows = output.rows;

  const defined = new Set(node.columns.map((c) => c.name.toLowerCase()));
  const longest = longestValues(rows, plan.columns.length);
  const selected: ColumnDefinition[] = [];
  const seen = new Set<string>();
  plan.columns.forEach((column, i) => {
    const lower = column.name.toLowerCase();
    if (seen.has(lower)) throw sqlError(ER.DUP_FIELDNAME, column.name);
    seen.add(lower);
    if (!defined.has(lower))
      selected.push(resultColumnDefinition(column.name, plan.types[i]!, longest[i]!));
  });
  const { id } = await env.catalog.ddl(async (writer) => ({ id: await writer.nextId() }));
  const table = buildTable({
    node: { ...node, columns: [...node.columns, ...selected] },
    database,
    tableId: id,
    nowMs: env.ctx.nowMs,
    ctx: env.ctx,
  });
  // Result column i feeds the table column of its name.
  const targetOf = plan.columns.map((c) =>
    table.columns.find((t) => t.name.toLowerCase() === c.name.toLowerCase()),
  );
  const fed = new Set(targetOf.map((c) => c!.offset));
  const unstage = env.catalog.stage(table);
  const loader = new BulkLoader(env.store, table, {
    ignoreDuplicates: node.ignoreDuplicates,
    ctx: env.ctx,
  });
  const autoColumn = table.autoIncrementColumn;
  let nextAutoId = (table.options.autoIncrementStart ?? 1n) - 1n;
  let maxAutoId = nextAutoId;
  let maxHandle = 0n;
  try {
    for (let r = 0; r < rows.length; r++) {
      const rowNumber = r + 1;
      const source = rows[r]!;
      const row: Row = new Array(table.columns.length);
      for (const column of table.columns)
        if (!fed.has(column.offset)) row[column.offset] = defaultFor(column, env);
      targetOf.forEach((column, i) => {
        const value = source[i]!;
        if (value === null) {
          if (column!.notNull && column!.offset !== autoColumn) {
            if (env.ctx.strict) throw sqlError(ER.BAD_NULL_ERROR, column!.name);
            env.ctx.warn(ER.BAD_NULL_ERROR, column!.name);
            row[column!.offset] = implicitDefault(column!);
          } else row[column!.offset] = null;
          return;
        }
        row[column!.offset] = coerceToColumn(
          value,
          plan.types[i]!,
          { column: column!, rowNumber },
          env.ctx,
        );
      });
      if (autoColumn >= 0) {
        const v = row[autoColumn];
        if (v === null || toBigInt(v as number | bigint) === 0n)
          row[autoColumn] = Number(++nextAutoId);
        const n = toBigInt(row[autoColumn] as number | bigint);
        if (n > maxAutoId) maxAutoId = n;
        if (n > nextAutoId) nextAutoId = n;
      }
      let handle: number | bigint;
      if (table.handleColumn >= 0) handle = row[table.handleColumn] as number | bigint;
      else handle = rowNumber;
      if (toBigInt(handle) > maxHandle) maxHandle = toBigInt(handle);
      await loader.add(row, handle);
    }
    await loader.flush();
    await publish(env, dbName, node, table, { maxAutoId, maxHandle });
  } catch (error) {
    await loader.abort();
    clearTableData(env.store, id).catch(env.onBackgroundError);
    throw error;
  } finally {
    unstage();
  }
  return { rows: loader.rows + loader.duplicates, duplicates: loader.duplicates };
}

async function publish(
  env: DdlEnv,
  dbName: string,
  node: CreateTableNode,
  table: TableInfo,
  counters: { maxAutoId: bigint; maxHandle: bigint },
): Promise<void> {
  await env.catalog.ddl(async (writer, schema) => {
    const db = schema.database(dbName);
    if (!db) throw sqlError(ER.BAD_DB_ERROR, dbName);
    if (schema.hasRelation(dbName, node.table.name))
      throw sqlError(ER.TABLE_EXISTS_ERROR, node.table.name);
    writer.putTable(table);
    if (counters.maxAutoId > 0n) writer.setAutoIdBase(table.id, 'auto', counters.maxAutoId);
    if (counters.maxHandle > 0n) writer.setAutoIdBase(table.id, 'row', counters.maxHandle);
  });
}
