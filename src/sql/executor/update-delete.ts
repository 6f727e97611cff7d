// UPDATE and DELETE of one table: rows found through the chosen access path, filtered by the
// whole WHERE (subqueries included), optionally ordered and limited, then changed with their index
// entries. Every row is found before the first is changed, so a subquery reading the same table
// sees it as the statement found it. The multi-table forms are in multi-table-dml.ts.

import { ER } from '../../server/constants/error-codes.js';
import type { DeleteNode, ExprNode, LimitClause, OrderItem, UpdateNode } from '../ast/index.js';
import type { ColumnInfo, TableInfo } from '../catalog/schema.js';
import { sqlError } from '../errors.js';
import { makeComparator } from '../expr/compare.js';
import { compileExpr } from '../expr/compile.js';
import type { Compiled, CompileScope } from '../expr/compiled.js';
import { toInt, truth } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import { columnExprType } from '../expr/expr-type.js';
import { chooseAccessPath, conjuncts } from '../planner/access-path.js';
import type { AccessPath } from '../planner/access-path.js';
import { allOf } from '../planner/join-planner.js';
import type { PlanEnv } from '../planner/plan-env.js';
import { QueryScope } from '../planner/query-scope.js';
import type { CorrelatedSubquery, SortKey, SubqueryPlan } from '../planner/select-plan.js';
import { compileLimit, planQuery } from '../planner/select-planner.js';
import { TableScope } from '../planner/table-scope.js';
import type { TableSource } from '../planner/table-scope.js';
import { implicitDefault } from '../types/store-coerce.js';
import type { Row, Value } from '../types/value.js';
import { readRows } from './row-source.js';
import { applyAssignments, maxAutoValue, writeChange } from './row-update.js';
import type { Assignment } from './row-update.js';
import { RowWriter } from './row-writer.js';
import type { Handle } from './row-writer.js';
import type { QueryEnv } from './select-executor.js';
import { CorrelatedRun, runUncorrelated } from './subquery-executor.js';
import { currentTimestampFor } from './write-env.js';
import type { WriteEnv, WriteResult } from './write-env.js';

interface TargetPlan {
  readonly source: TableSource;
  readonly access: AccessPath;
  /** Slots of a row read: the table's columns, then subquery results. */
  readonly width: number;
  readonly where: Compiled | null;
  readonly lateWhere: Compiled | null;
  readonly orderBy: readonly SortKey[];
  readonly limit: Compiled | null;
  readonly subqueries: readonly SubqueryPlan[];
  readonly correlated: readonly CorrelatedSubquery[];
}

export interface UpdatePlan extends TargetPlan {
  readonly kind: 'Update';
  readonly assignments: readonly Assignment[];
  readonly ignore: boolean;
}

export interface DeletePlan extends TargetPlan {
  readonly kind: 'Delete';
}

export type ResolveTable = (
  db: string | null,
  name: string,
) => { database: string; table: TableInfo };

/** DEFAULT in SET: the column's default value. */
export function defaultOf(column: ColumnInfo): Compiled {
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
}

interface Target {
  readonly query: QueryScope;
  readonly source: TableSource;
  readonly where: ExprNode | null;
  readonly early: Compiled[];
  readonly late: Compiled[];
  readonly orderBy: SortKey[];
  readonly limit: Compiled | null;
}

function planTarget(
  table: { database: string; table: TableInfo },
  alias: string | null,
  where: ExprNode | null,
  orderBy: readonly OrderItem[],
  limit: LimitClause | null,
  env: PlanEnv,
): Target {
  const tables = new TableScope();
  const source = tables.add(table.database, table.table, alias);
  for (const c of table.table.columns) source.used.add(c.offset);
  const query = new QueryScope(tables, env, planQuery);
  const whereScope = query.scope('where clause', 'input');
  const early: Compiled[] = [];
  const late: Compiled[] = [];
  for (const conjunct of conjuncts(where)) {
    const before = query.correlated.length;
    const compiled = compileExpr(conjunct, whereScope);
    (query.correlated.length > before ? late : early).push(compiled);
  }
  const keys = orderBy.map((o): SortKey => {
    const expr = compileExpr(o.expr, query.scope('order clause', 'output'));
    return {
      expr,
      descending: o.descending,
      compare: makeComparator(expr.type, expr.type),
      prepare: null,
    };
  });
  const { limit: compiledLimit } = compileLimit(limit, query.scope('LIMIT', 'input'));
  return { query, source, where, early, late, orderBy: keys, limit: compiledLimit };
}

function finishTarget(target: Target): TargetPlan {
  const { query, source } = target;
  const access = chooseAccessPath(
    source,
    target.where,
    (n) => compileExpr(n, query.scope('where clause', 'input')),
    (ref) => query.tables.lookup(ref, 'where clause'),
  );
  return {
    source,
    access,
    width: query.width,
    where: allOf(target.early),
    lateWhere: allOf(target.late),
    orderBy: target.orderBy,
    limit: target.limit,
    subqueries: query.subqueries,
    correlated: query.correlated,
  };
}

export function planUpdate(node: UpdateNode, env: PlanEnv, resolveTable: ResolveTable): UpdatePlan {
  const resolved = resolveTable(node.table.database, node.table.name);
  const target = planTarget(resolved, node.table.alias, node.where, node.orderBy, node.limit, env);
  const { query, source } = target;
  const table = resolved.table;
  const assignments = node.assignments.map((a): Assignment => {
    if (a.column.table !== null && a.column.table !== source.alias)
      throw sqlError(ER.BAD_FIELD_ERROR, `${a.column.table}.${a.column.column}`, 'field list');
    const column = table.columns.find(
      (c) => c.name.toLowerCase() === a.column.column.toLowerCase(),
    );
    if (!column) throw sqlError(ER.BAD_FIELD_ERROR, a.column.column, 'field list');
    const valueScope: CompileScope = {
      ...query.scope('field list', 'output'),
      defaultValue: () => defaultOf(column),
    };
    return { slot: column.offset, offset: column.offset, value: compileExpr(a.value, valueScope) };
  });
  return { kind: 'Update', ...finishTarget(target), assignments, ignore: node.ignore };
}

export function planDelete(node: DeleteNode, env: PlanEnv, resolveTable: ResolveTable): DeletePlan {
  const resolved = resolveTable(node.table.database, node.table.name);
  const target = planTarget(resolved, node.table.alias, node.where, node.orderBy, node.limit, env);
  return { kind: 'Delete', ...finishTarget(target) };
}

/** A matched row: its columns and subquery results, its handle, and its ORDER BY keys. */
interface Found {
  readonly row: Row;
  readonly handle: Handle;
  readonly keys: Value[];
}

const NO_KEYS: Value[] = [];

function passes(filter: Compiled | null, row: Row, ctx: EvalContext): boolean {
  return filter === null || truth(filter.evaluate(row, ctx), filter.type, ctx) === true;
}

/** The environment with the statement's uncorrelated subqueries run. */
async function withSubqueries(plan: TargetPlan, env: WriteEnv): Promise<WriteEnv> {
  const results = await runUncorrelated(plan.subqueries, env);
  return { ...env, ctx: { ...env.ctx, subqueryResults: results } };
}

/** Matching rows with their handles, in ORDER BY order and cut at LIMIT. */
async function findRows(plan: TargetPlan, writeEnv: WriteEnv): Promise<Found[]> {
  const env: QueryEnv = writeEnv;
  const ctx = env.ctx;
  const limit = plan.limit
    ? Number(toInt(plan.limit.evaluate([], ctx), plan.limit.type, ctx) ?? 0)
    : Infinity;
  if (limit <= 0) return [];
  const found: Found[] = [];
  const ordered = plan.orderBy.length > 0;
  const correlated = plan.correlated.length > 0 ? new CorrelatedRun(plan.correlated, env) : null;
  const keep = (row: Row, handle: Handle): boolean => {
    const keys = ordered ? plan.orderBy.map((o) => o.expr.evaluate(row, ctx)) : NO_KEYS;
    found.push({ row, handle, keys });
    return ordered || found.length < limit;
  };
  const afterInput = (row: Row, handle: Handle): boolean | Promise<boolean> => {
    if (!passes(plan.lateWhere, row, ctx)) return true;
    const filling = correlated!.fill(row, 'output');
    return filling === undefined ? keep(row, handle) : filling.then(() => keep(row, handle));
  };
  writeEnv.noteScan(plan.access.kind === 'TableScan');
  const reading = readRows(
    plan.access,
    plan.source,
    ctx,
    {
      reader: writeEnv.txn,
      lockIn: writeEnv.pessimistic ? writeEnv.txn : null,
      decoder: plan.source.codec.rowDecoder(),
      width: plan.width,
    },
    (row, handle) => {
      if (!passes(plan.where, row, ctx)) return true;
      if (correlated === null) return keep(row, handle);
      const filling = correlated.fill(row, 'input');
      return filling === undefined
        ? afterInput(row, handle)
        : filling.then(() => afterInput(row, handle));
    },
  );
  if (reading !== undefined) await reading;
  if (ordered) {
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
  return limit < found.length ? found.slice(0, limit) : found;
}

export async function runUpdate(plan: UpdatePlan, writeEnv: WriteEnv): Promise<WriteResult> {
  const env = plan.subqueries.length > 0 ? await withSubqueries(plan, writeEnv) : writeEnv;
  const ctx = env.ctx;
  const storeCtx = plan.ignore ? { ...ctx, strict: false } : ctx;
  const table = plan.source.table;
  const codec = plan.source.codec;
  const writer = new RowWriter(table, codec, env.txn, env.pessimistic);
  const rows = await findRows(plan, env);
  const assigned = new Set(plan.assignments.map((a) => a.offset));
  const written: Row[] = [];
  let rowNumber = 0;
  // Rows carry subquery results past the table's columns; the writer takes the columns alone.
  const width = table.columns.length;
  const trim = plan.width > width;
  for (const { row, handle } of rows) {
    rowNumber++;
    const updated = row.slice();
    applyAssignments(table, plan.assignments, updated, rowNumber, ctx, storeCtx);
    const before = trim ? row.slice(0, width) : row;
    const after = trim ? updated.slice(0, width) : updated;
    if (await writeChange({ before, after, handle }, assigned, writer, codec, plan.ignore, ctx))
      written.push(after);
  }
  const maxAuto = maxAutoValue(table, written);
  if (maxAuto !== null) await env.catalog.autoIds.rebase(table.id, 'auto', maxAuto);
  return {
    affectedRows: written.length,
    lastInsertId: 0n,
    summary: { kind: 'matched', matched: rows.length, changed: written.length },
  };
}

export async function runDelete(plan: DeletePlan, writeEnv: WriteEnv): Promise<WriteResult> {
  const env = plan.subqueries.length > 0 ? await withSubqueries(plan, writeEnv) : writeEnv;
  const table = plan.source.table;
  const writer = new RowWriter(table, plan.source.codec, env.txn, env.pessimistic);
  const rows = await findRows(plan, env);
  const trim = plan.width > table.columns.length;
  for (const { row, handle } of rows)
    await writer.remove(trim ? row.slice(0, table.columns.length) : row, handle);
  return { affectedRows: rows.length, lastInsertId: 0n, summary: null };
}
