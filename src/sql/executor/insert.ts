// INSERT [IGNORE] … VALUES | SELECT, with ON DUPLICATE KEY UPDATE, and REPLACE.

import { ER } from '../../server/constants/error-codes.js';
import type { InsertNode } from '../ast/index.js';
import type { TableInfo } from '../catalog/schema.js';
import { sqlError } from '../errors.js';
import { compileExpr } from '../expr/compile.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { Compiled, CompileScope } from '../expr/compiled.js';
import { constantOf } from '../expr/compiled.js';
import { toBigInt as asBigInt } from '../types/value.js';
import { columnExprType, makeType, NULL_TYPE } from '../expr/expr-type.js';
import type { ExprType } from '../expr/expr-type.js';
import type { PlanEnv } from '../planner/plan-env.js';
import { planQuery } from '../planner/select-planner.js';
import type { QueryPlan, SubqueryPlan } from '../planner/select-plan.js';
import { codecOf } from '../planner/table-scope.js';
import { coerceToColumn, implicitDefault } from '../types/store-coerce.js';
import { normalizeInt } from '../types/value.js';
import type { Row, Value } from '../types/value.js';
import { duplicateEntry, duplicateEntryError, RowWriter } from './row-writer.js';
import type { Handle } from './row-writer.js';
import { runQuery } from './select-executor.js';
import { runUncorrelated } from './subquery-executor.js';
import type { TableCodec } from './table-codec.js';
import { currentTimestampFor } from './write-env.js';
import type { WriteEnv, WriteResult } from './write-env.js';

export interface InsertPlan {
  readonly kind: 'Insert';
  readonly database: string;
  readonly table: TableInfo;
  readonly codec: TableCodec;
  /** Target column offset of each value position. */
  readonly targets: readonly number[];
  /** Value position of each column (by offset), or -1 for columns that take their default. */
  readonly positionOf: readonly number[];
  /** Each column's type, for the default values it takes. */
  readonly columnTypes: readonly ExprType[];
  readonly rows: ReadonlyArray<readonly InsertValue[]> | null;
  /** Types of the parameters that rows read directly, by parameter index. */
  readonly paramTypes: readonly ExprType[];
  readonly query: QueryPlan | null;
  readonly ignore: boolean;
  readonly replace: boolean;
  readonly onDuplicate: ReadonlyArray<{ readonly offset: number; readonly value: Compiled }>;
  /** Subqueries of the VALUES and ON DUPLICATE KEY UPDATE expressions. */
  readonly subqueries: readonly SubqueryPlan[];
}

/**
 * A VALUES item: the index of the parameter it is (a `?` or a lifted literal, read directly: a
 * multi-row INSERT has thousands) or an expression.
 */
export type InsertValue = Compiled | number;

/** Marks a column that got no value and has no default. */
const MISSING = Symbol('missing');

function columnOffset(table: TableInfo, name: string, clause: string): number {
  const column = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!column) throw sqlError(ER.BAD_FIELD_ERROR, name, clause);
  return column.offset;
}

function defaultCompiled(table: TableInfo, offset: number): Compiled {
  const column = table.columns[offset]!;
  const type = columnExprType(column, null);
  const d = column.defaultValue;
  switch (d.kind) {
    case 'value':
      return constantOf(type, d.value);
    case 'null':
      return constantOf(NULL_TYPE, null);
    case 'now':
      return { type, constant: false, evaluate: (_row, ctx) => currentTimestampFor(column, ctx) };
    case 'none':
      return { type: NULL_TYPE, constant: true, evaluate: () => MISSING as unknown as Value };
  }
}

export function planInsert(
  node: InsertNode,
  env: PlanEnv,
  resolveTable: (db: string | null, name: string) => { database: string; table: TableInfo },
): InsertPlan {
  const { database, table } = resolveTable(node.table.database, node.table.name);
  const targets = node.columns.length
    ? node.columns.map((c) => columnOffset(table, c, 'field list'))
    : table.columns.map((c) => c.offset);
  if (new Set(targets).size !== targets.length) {
    const dup = targets.find((t, i) => targets.indexOf(t) !== i)!;
    throw sqlError(ER.FIELD_SPECIFIED_TWICE, table.columns[dup]!.name);
  }
  const width = table.columns.length;
  const baseScope = (clause: string): CompileScope => ({
    clause,
    resolveColumn: (ref) => {
      const offset = columnOffset(table, ref.column, clause);
      return { slot: offset, type: columnExprType(table.columns[offset]!, null) };
    },
    paramType: (i) => env.paramType(i),
    variableType: (n) => env.variableType(n),
    aggregate: null,
    subquery: (query, mode) => {
      // Subqueries of VALUES and ON DUPLICATE KEY UPDATE run once, before the first row.
      const plan = planQuery(query, env);
      if (mode !== 'exists' && plan.types.length !== 1) throw sqlError(ER.OPERAND_COLUMNS, 1);
      const index = subqueries.length;
      subqueries.push({ plan, mode });
      const type =
        mode === 'exists'
          ? makeType('int', { nullable: false, length: 1 })
          : { ...plan.types[0]!, nullable: true, source: null };
      return { type, result: (_row, ctx) => ctx.subqueryResults[index] };
    },
  });
  const subqueries: SubqueryPlan[] = [];
  let rows: InsertValue[][] | null = null;
  const paramTypes: ExprType[] = [];
  if (node.rows) {
    // One scope per value position, shared by every row (a multi-row INSERT has thousands).
    const valueScopes = targets.map((target): CompileScope => ({
      ...baseScope('field list'),
      defaultValue: (column) =>
        defaultCompiled(
          table,
          column === null ? target : columnOffset(table, column, 'field list'),
        ),
    }));
    rows = node.rows.map((row, rowIndex) => {
      if (row.length !== targets.length) throw sqlError(ER.WRONG_VALUE_COUNT_ON_ROW, rowIndex + 1);
      return row.map((expr, position): InsertValue => {
        if (expr.kind !== 'Param') return compileExpr(expr, valueScopes[position]!);
        paramTypes[expr.index] ??= env.paramType(expr.index);
        return expr.index;
      });
    });
  }
  let query: QueryPlan | null = null;
  if (node.query) {
    query = planQuery(node.query, env);
    if (query.types.length !== targets.length) throw sqlError(ER.WRONG_VALUE_COUNT_ON_ROW, 1);
  }
  const onDuplicate = node.onDuplicate.map((a) => {
    const offset = columnOffset(table, a.column.column, 'field list');
    const scope: CompileScope = {
      ...baseScope('field list'),
      defaultValue: (column) =>
        defaultCompiled(
          table,
          column === null ? offset : columnOffset(table, column, 'field list'),
        ),
      valuesRef: (column) => {
        const o = columnOffset(table, column, 'field list');
        const type = columnExprType(table.columns[o]!, null);
        return { type, constant: false, evaluate: (row) => row[width + o]! };
      },
    };
    return { offset, value: compileExpr(a.value, scope) };
  });
  const positionOf = table.columns.map((c) => targets.indexOf(c.offset));
  return {
    kind: 'Insert',
    database,
    table,
    codec: codecOf(table),
    targets,
    positionOf,
    columnTypes: table.columns.map((c) => columnExprType(c, null)),
    rows,
    paramTypes,
    query,
    ignore: node.ignore,
    replace: node.replace,
    onDuplicate,
    subqueries,
  };
}

interface PendingRow {
  row: Row;
  /** Whether the AUTO_INCREMENT column asks for a generated value. */
  wantsAutoId: boolean;
}

export async function runInsert(plan: InsertPlan, writeEnv: WriteEnv): Promise<WriteResult> {
  let env = writeEnv;
  if (plan.subqueries.length > 0) {
    const results = await runUncorrelated(plan.subqueries, env);
    env = { ...env, ctx: { ...env.ctx, subqueryResults: results } };
  }
  const { table, targets } = plan;
  const ctx = env.ctx;
  const width = table.columns.length;
  const autoColumn = table.autoIncrementColumn;
  const strict = ctx.strict && !plan.ignore;
  const storeCtx = strict === ctx.strict ? ctx : { ...ctx, strict };

  // Every source value first (row after row, targets.length per row), with its type.
  const perRow = targets.length;
  const values: Value[] = [];
  const types: ExprType[] = [];
  let rowCount: number;
  if (plan.rows) {
    const scratch: Row = new Array(width).fill(null);
    const params = ctx.params;
    for (const items of plan.rows) {
      for (const item of items) {
        if (typeof item === 'number') {
          values.push(params[item]!);
          types.push(plan.paramTypes[item]!);
        } else {
          values.push(item.evaluate(scratch, ctx));
          types.push(item.type);
        }
      }
    }
    rowCount = plan.rows.length;
  } else {
    const { rows } = await runQuery(plan.query!, env);
    const queryTypes = plan.query!.types;
    for (const source of rows) {
      for (let i = 0; i < perRow; i++) {
        values.push(source[i]!);
        types.push(queryTypes[i]!);
      }
    }
    rowCount = rows.length;
  }

  // MySQL refuses NULL for a NOT NULL column in a single-row INSERT … VALUES in every SQL mode;
  // only multi-row inserts and INSERT … SELECT (or IGNORE) store the implicit default instead.
  const nullIsError = !plan.ignore && plan.rows !== null && plan.rows.length === 1;
  const pending: PendingRow[] = [];
  for (let r = 0; r < rowCount; r++) {
    const rowNumber = r + 1;
    const base = r * perRow;
    const row: Row = new Array(width);
    let wantsAutoId = false;
    for (const column of table.columns) {
      const offset = column.offset;
      const position = plan.positionOf[offset]!;
      let value: Value;
      let type: ExprType;
      if (position >= 0) {
        value = values[base + position]!;
        type = types[base + position]!;
      } else {
        value = defaultValueOf(table, offset, ctx);
        type = plan.columnTypes[offset]!;
      }
      if ((value as unknown) === MISSING) {
        if (offset === autoColumn) value = null;
        else {
          if (strict) throw sqlError(ER.NO_DEFAULT_FOR_FIELD, column.name);
          ctx.warn(ER.NO_DEFAULT_FOR_FIELD, column.name);
          row[offset] = implicitDefault(column);
          continue;
        }
      }
      if (offset === autoColumn && (value === null || (!env.noAutoValueOnZero && isZero(value)))) {
        wantsAutoId = true;
        row[offset] = null;
        continue;
      }
      if (value === null) {
        if (column.notNull) {
          if (strict || nullIsError) throw sqlError(ER.BAD_NULL_ERROR, column.name);
          ctx.warn(ER.BAD_NULL_ERROR, column.name);
          row[offset] = implicitDefault(column);
        } else row[offset] = null;
        continue;
      }
      row[offset] = coerceToColumn(value, type, { column, rowNumber }, storeCtx);
    }
    pending.push({ row, wantsAutoId });
  }

  // AUTO_INCREMENT values for the whole statement in one reservation; explicit values rebase.
  let lastInsertId = 0n;
  if (autoColumn >= 0) {
    const needed = pending.filter((p) => p.wantsAutoId).length;
    let maxExplicit: bigint | null = null;
    for (const p of pending) {
      if (!p.wantsAutoId) {
        const v = asBigInt(p.row[autoColumn] as number | bigint);
        if (maxExplicit === null || v > maxExplicit) maxExplicit = v;
      }
    }
    if (maxExplicit !== null && maxExplicit > 0n)
      await env.catalog.autoIds.rebase(table.id, 'auto', maxExplicit);
    if (needed > 0) {
      const step = env.autoIncrementIncrement;
      let next = await env.catalog.autoIds.allocate(
        table.id,
        'auto',
        needed,
        step,
        env.autoIncrementOffset,
      );
      lastInsertId = next;
      for (const p of pending) {
        if (!p.wantsAutoId) continue;
        p.row[autoColumn] = normalizeInt(next);
        next += BigInt(step);
      }
    }
  }

  // Hidden handles for tables without an integer primary key.
  const clustered = table.handleColumn >= 0;
  let hiddenNext = 0n;
  if (!clustered && pending.length)
    hiddenNext = await env.catalog.autoIds.allocate(table.id, 'row', pending.length);

  const writer = new RowWriter(table, plan.codec, env.txn, env.pessimistic);
  const decoder = plan.codec.rowDecoder();
  let affected = 0;
  let duplicates = 0;
  for (const p of pending) {
    const row = p.row;
    const handle: Handle = clustered
      ? (row[table.handleColumn] as Handle)
      : normalizeInt(hiddenNext++);
    const explicitHandle = clustered && !(p.wantsAutoId && table.handleColumn === autoColumn);
    // In a pessimistic transaction this also locks the row key of an explicit handle; a handle
    // just allocated is this statement's alone and needs no lock.
    const checking = writer.conflicts(row, handle, explicitHandle);
    const conflicts = checking instanceof Promise ? await checking : checking;
    if (conflicts.length === 0) {
      const inserting = writer.insert(row, handle);
      if (inserting !== undefined) await inserting;
      affected++;
      continue;
    }
    duplicates++;
    if (plan.replace) {
      const removed = new Set<string>();
      for (const conflict of conflicts) {
        if (removed.has(String(conflict.handle))) continue;
        const existing = await writer.fetch(conflict.handle, width, (v, r) => decoder.decode(v, r));
        if (existing) {
          await writer.remove(existing, conflict.handle);
          removed.add(String(conflict.handle));
          affected++;
        }
      }
      await writer.insert(row, handle);
      affected++;
      continue;
    }
    if (plan.onDuplicate.length) {
      const conflict = conflicts[0]!;
      const existing = await writer.fetch(conflict.handle, width, (v, r) => decoder.decode(v, r));
      if (!existing) continue;
      const updated = existing.slice();
      const scope: Row = existing.slice();
      for (const column of table.columns) scope[width + column.offset] = row[column.offset]!;
      for (const assignment of plan.onDuplicate) {
        const column = table.columns[assignment.offset]!;
        for (let i = 0; i < width; i++) scope[i] = updated[i]!;
        const value = assignment.value.evaluate(scope, ctx);
        if (value === null) {
          if (column.notNull) {
            if (strict) throw sqlError(ER.BAD_NULL_ERROR, column.name);
            ctx.warn(ER.BAD_NULL_ERROR, column.name);
            updated[assignment.offset] = implicitDefault(column);
          } else updated[assignment.offset] = null;
        } else
          updated[assignment.offset] = coerceToColumn(
            value,
            assignment.value.type,
            { column, rowNumber: 1 },
            storeCtx,
          );
      }
      const changed = !plan.codec.encodeRow(existing).equals(plan.codec.encodeRow(updated));
      if (!changed) continue;
      for (const column of table.columns) {
        if (column.onUpdateNow && !plan.onDuplicate.some((a) => a.offset === column.offset)) {
          updated[column.offset] = currentTimestampFor(column, ctx);
        }
      }
      const newHandle = clustered ? (updated[table.handleColumn] as Handle) : conflict.handle;
      await writer.update(existing, conflict.handle, updated, newHandle);
      affected += 2;
      continue;
    }
    if (plan.ignore) {
      const { entry, key } = duplicateEntry(table, conflicts[0]!.index, row);
      ctx.warn(ER.DUP_ENTRY, entry, key);
      continue;
    }
    throw duplicateEntryError(table, conflicts[0]!.index, row);
  }
  const summary = pending.length > 1 || plan.query !== null;
  return {
    affectedRows: affected,
    lastInsertId,
    summary: summary ? { kind: 'records', records: pending.length, duplicates } : null,
  };
}

function isZero(value: Value): boolean {
  return (
    value === 0 ||
    value === 0n ||
    value === '0' ||
    (typeof value === 'object' &&
      value !== null &&
      'isZero' in value &&
      (value as { isZero(): boolean }).isZero())
  );
}

function defaultValueOf(table: TableInfo, offset: number, ctx: EvalContext): Value {
  const column = table.columns[offset]!;
  const d = column.defaultValue;
  switch (d.kind) {
    case 'value':
      return d.value;
    case 'null':
      return null;
    case 'now':
      return currentTimestampFor(column, ctx);
    case 'none':
      return MISSING as unknown as Value;
  }
}
