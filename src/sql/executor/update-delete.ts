// UPDATE and DELETE of one table: rows found through the chosen access path, filtered by the
// whole WHERE, optionally ordered and limited, then changed with their index entries.

import { ER } from '../../server/constants/error-codes.js';
import type { DeleteNode, ExprNode, LimitClause, OrderItem, UpdateNode } from '../ast/index.js';
import type { TableInfo } from '../catalog/schema.js';
import { notSupported, sqlError } from '../errors.js';
import { makeComparator } from '../expr/compare.js';
import { compileExpr } from '../expr/compile.js';
import type { Compiled, CompileScope } from '../expr/compiled.js';
import { toInt, truth } from '../expr/convert.js';
import { columnExprType } from '../expr/expr-type.js';
import { chooseAccessPath } from '../planner/access-path.js';
import type { AccessPath } from '../planner/access-path.js';
import type { PlanEnv } from '../planner/plan-env.js';
import type { SortKey } from '../planner/select-plan.js';
import { compileLimit } from '../planner/select-planner.js';
import { TableScope } from '../planner/table-scope.js';
import type { SourceTable } from '../planner/table-scope.js';
import { coerceToColumn, implicitDefault } from '../types/store-coerce.js';
import { toBigInt } from '../types/value.js';
import type { Row, Value } from '../types/value.js';
import { readRows } from './row-source.js';
import { RowWriter } from './row-writer.js';
import type { Handle } from './row-writer.js';
import { currentTimestampFor } from './write-env.js';
import type { WriteEnv, WriteResult } from './write-env.js';

interface TargetPlan {
  readonly source: SourceTable;
  readonly access: AccessPath;
  readonly where: Compiled | null;
  readonly orderBy: readonly SortKey[];
  readonly limit: Compiled | null;
}

export interface UpdatePlan extends TargetPlan {
  readonly kind: 'Update';
  readonly assignments: ReadonlyArray<{ readonly offset: number; readonly value: Compiled }>;
  readonly ignore: boolean;
}

export interface DeletePlan extends TargetPlan {
  readonly kind: 'Delete';
}

type ResolveTable = (db: string | null, name: string) => { database: string; table: TableInfo };

function planTarget(
  table: { database: string; table: TableInfo },
  alias: string | null,
  where: ExprNode | null,
  orderBy: readonly OrderItem[],
  limit: LimitClause | null,
  env: PlanEnv,
): {
  tables: TableScope;
  scope: (clause: string) => CompileScope;
  plan: Omit<TargetPlan, 'access'>;
  where: ExprNode | null;
} {
  const tables = new TableScope();
  const source = tables.add(table.database, table.table, alias);
  const scope = (clause: string): CompileScope => ({
    clause,
    resolveColumn: (ref) => tables.resolve(ref, clause),
    paramType: (i) => env.paramType(i),
    variableType: (n) => env.variableType(n),
    aggregate: null,
    subquery: () => {
      throw notSupported('subqueries in UPDATE and DELETE');
    },
  });
  const compiledWhere = where ? compileExpr(where, scope('where clause')) : null;
  const keys = orderBy.map((o) => {
    const expr = compileExpr(o.expr, scope('order clause'));
    return {
      expr,
      descending: o.descending,
      compare: makeComparator(expr.type, expr.type),
      prepare: null,
    };
  });
  const { limit: compiledLimit } = compileLimit(limit, scope('LIMIT'));
  return {
    tables,
    scope,
    where,
    plan: { source, where: compiledWhere, orderBy: keys, limit: compiledLimit },
  };
}

export function planUpdate(node: UpdateNode, env: PlanEnv, resolveTable: ResolveTable): UpdatePlan {
  const target = resolveTable(node.table.database, node.table.name);
  const { scope, plan, where } = planTarget(
    target,
    node.table.alias,
    node.where,
    node.orderBy,
    node.limit,
    env,
  );
  const table = target.table;
  const seen = new Set<number>();
  const assignments = node.assignments.map((a) => {
    if (a.column.table !== null && a.column.table !== plan.source.alias)
      throw sqlError(ER.BAD_FIELD_ERROR, `${a.column.table}.${a.column.column}`, 'field list');
    const column = table.columns.find(
      (c) => c.name.toLowerCase() === a.column.column.toLowerCase(),
    );
    if (!column) throw sqlError(ER.BAD_FIELD_ERROR, a.column.column, 'field list');
    if (seen.has(column.offset)) throw sqlError(ER.FIELD_SPECIFIED_TWICE, column.name);
    seen.add(column.offset);
    const valueScope: CompileScope = {
      ...scope('field list'),
      defaultValue: () => {
        const d = column.defaultValue;
        const value = d.kind === 'value' ? d.value : null;
        return {
          type: columnExprType(column, null),
          constant: d.kind !== 'now',
          evaluate: (_row, ctx) =>
            d.kind === 'now'
              ? currentTimestampFor(column, ctx)
              : d.kind === 'none'
                ? implicitDefault(column)
                : value,
        };
      },
    };
    return { offset: column.offset, value: compileExpr(a.value, valueScope) };
  });
  for (const c of table.columns) plan.source.used.add(c.offset);
  const access = chooseAccessPath(plan.source, where, (n) => compileExpr(n, scope('where clause')));
  return { kind: 'Update', ...plan, access, assignments, ignore: node.ignore };
}

export function planDelete(node: DeleteNode, env: PlanEnv, resolveTable: ResolveTable): DeletePlan {
  const target = resolveTable(node.table.database, node.table.name);
  const { scope, plan, where } = planTarget(
    target,
    node.table.alias,
    node.where,
    node.orderBy,
    node.limit,
    env,
  );
  for (const c of target.table.columns) plan.source.used.add(c.offset);
  const access = chooseAccessPath(plan.source, where, (n) => compileExpr(n, scope('where clause')));
  return { kind: 'Delete', ...plan, access };
}

const NO_KEYS: Value[] = [];

/** Matching rows with their handles, in ORDER BY order and cut at LIMIT. */
async function findRows(
  plan: TargetPlan,
  env: WriteEnv,
): Promise<Array<{ row: Row; handle: Handle }>> {
  const ctx = env.ctx;
  const table = plan.source.table;
  const decoder = plan.source.codec.rowDecoder();
  const found: Array<{ row: Row; handle: Handle; keys: Value[] }> = [];
  const limit = plan.limit
    ? Number(toInt(plan.limit.evaluate([], ctx), plan.limit.type, ctx) ?? 0)
    : Infinity;
  if (limit <= 0) return [];
  const ordered = plan.orderBy.length > 0;
  const stopEarly = !ordered;
  env.noteScan(plan.access.kind === 'TableScan');
  const reading = readRows(
    plan.access,
    plan.source,
    ctx,
    {
      reader: env.txn,
      lockIn: env.pessimistic ? env.txn : null,
      decoder,
      width: table.columns.length,
    },
    (row, handle) => {
      if (plan.where && truth(plan.where.evaluate(row, ctx), plan.where.type, ctx) !== true)
        return true;
      const keys = ordered ? plan.orderBy.map((o) => o.expr.evaluate(row, ctx)) : NO_KEYS;
      found.push({ row, handle, keys });
      return !(stopEarly && found.length >= limit);
    },
  );
  if (reading !== undefined) await reading;
  if (plan.orderBy.length) {
    found.sort((a, b) => {
      for (let i = 0; i < plan.orderBy.length; i++) {
        const x = a.keys[i]!;
        const y = b.keys[i]!;
        const c =
          x === null ? (y === null ? 0 : -1) : y === null ? 1 : plan.orderBy[i]!.compare(x, y, ctx);
        if (c !== 0) return plan.orderBy[i]!.descending ? -c : c;
      }
      return 0;
    });
  }
  return found.slice(0, limit === Infinity ? undefined : limit);
}

export async function runUpdate(plan: UpdatePlan, env: WriteEnv): Promise<WriteResult> {
  const ctx = env.ctx;
  const storeCtx = plan.ignore ? { ...ctx, strict: false } : ctx;
  const table = plan.source.table;
  const codec = plan.source.codec;
  const writer = new RowWriter(table, codec, env.txn, env.pessimistic);
  const rows = await findRows(plan, env);
  const clustered = table.handleColumn >= 0;
  let changed = 0;
  let rowNumber = 0;
  let maxAutoValue: bigint | null = null;
  for (const { row, handle } of rows) {
    rowNumber++;
    const updated = row.slice();
    for (const assignment of plan.assignments) {
      const column = table.columns[assignment.offset]!;
      const value = assignment.value.evaluate(updated, ctx);
      if (value === null) {
        if (column.notNull) {
          if (storeCtx.strict) throw sqlError(ER.BAD_NULL_ERROR, column.name);
          ctx.warn(ER.BAD_NULL_ERROR, column.name);
          updated[assignment.offset] = implicitDefault(column);
        } else updated[assignment.offset] = null;
      } else
        updated[assignment.offset] = coerceToColumn(
          value,
          assignment.value.type,
          { column, rowNumber },
          storeCtx,
        );
    }
    let newValue = codec.encodeRow(updated);
    if (codec.encodeRow(row).equals(newValue)) continue;
    let stamped = false;
    for (const column of table.columns) {
      if (column.onUpdateNow && !plan.assignments.some((a) => a.offset === column.offset)) {
        updated[column.offset] = currentTimestampFor(column, ctx);
        stamped = true;
      }
    }
    if (stamped) newValue = codec.encodeRow(updated);
    const newHandle = clustered ? (updated[table.handleColumn] as Handle) : handle;
    try {
      await writer.update(row, handle, updated, newHandle, newValue);
    } catch (error) {
      if (plan.ignore && (error as { errno?: number }).errno === ER.DUP_ENTRY.errno) {
        ctx.warn(ER.DUP_ENTRY, '', '');
        continue;
      }
      throw error;
    }
    if (table.autoIncrementColumn >= 0 && updated[table.autoIncrementColumn] !== null) {
      const v = toBigInt(updated[table.autoIncrementColumn] as number | bigint);
      if (maxAutoValue === null || v > maxAutoValue) maxAutoValue = v;
    }
    changed++;
  }
  if (maxAutoValue !== null) await env.catalog.autoIds.rebase(table.id, 'auto', maxAutoValue);
  return {
    affectedRows: changed,
    lastInsertId: 0n,
    summary: { kind: 'matched', matched: rows.length, changed },
  };
}

export async function runDelete(plan: DeletePlan, env: WriteEnv): Promise<WriteResult> {
  const table = plan.source.table;
  const writer = new RowWriter(table, plan.source.codec, env.txn, env.pessimistic);
  const rows = await findRows(plan, env);
  for (const { row, handle } of rows) await writer.remove(row, handle);
  return { affectedRows: rows.length, lastInsertId: 0n, summary: null };
}
