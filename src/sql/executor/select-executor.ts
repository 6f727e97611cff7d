// Runs query plans: rows from the access path (or a virtual table), WHERE, grouping and
// aggregates, HAVING, projection, DISTINCT, ORDER BY and LIMIT. Without grouping, ordering or
// DISTINCT, reading stops as soon as LIMIT is reached.

import { ER } from '../../server/constants/error-codes.js';
import type { KvReader, Transaction } from '../../txn/api.js';
import { sqlError } from '../errors.js';
import { hashKey } from '../expr/compare.js';
import type { Comparator } from '../expr/compare.js';
import { toInt, truth } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { ExprType } from '../expr/expr-type.js';
import { converter } from '../expr/unify.js';
import type { QueryPlan, SelectPlan, SetOperationPlan } from '../planner/select-plan.js';
import type { Row, Value } from '../types/value.js';
import type { AggregateState } from './aggregates.js';
import { readRows } from './row-source.js';

export interface QueryEnv {
  readonly ctx: EvalContext;
  /** Reads at the statement's timestamp (a snapshot or the transaction). */
  readonly reader: KvReader;
  /** The transaction that SELECT … FOR UPDATE locks in, or null in autocommit reads. */
  readonly lockIn: Transaction | null;
  /** Throws when the statement was killed. */
  checkInterrupted(): void;
  /** Called with the number of rows read (for the no-index-used flag and stats). */
  noteScan(fullScan: boolean): void;
}

export interface QueryOutput {
  rows: Value[][];
}

function evaluateCount(
  c: { evaluate: (row: Row, ctx: EvalContext) => Value; type: ExprType } | null,
  ctx: EvalContext,
): number | null {
  if (!c) return null;
  const v = c.evaluate([], ctx);
  if (v === null) return 0;
  const n = Number(toInt(v, c.type, ctx));
  return n < 0 ? 0 : n;
}

function compareKeys(
  a: readonly Value[],
  b: readonly Value[],
  keys: ReadonlyArray<{ descending: boolean; compare: Comparator }>,
  ctx: EvalContext,
): number {
  for (let i = 0; i < keys.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    let c: number;
    if (x === null) c = y === null ? 0 : -1;
    else if (y === null) c = 1;
    else c = keys[i]!.compare(x, y, ctx);
    if (c !== 0) return keys[i]!.descending ? -c : c;
  }
  return 0;
}

async function runSubqueries(plan: SelectPlan, env: QueryEnv): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const sub of plan.subqueries) {
    const { rows } = await runQuery(sub.plan, { ...env, lockIn: null });
    if (sub.mode === 'exists') results.push(rows.length > 0);
    else if (sub.mode === 'scalar') {
      if (rows.length > 1) throw sqlError(ER.SUBQUERY_NO_1_ROW);
      results.push(rows.length ? rows[0]![0]! : null);
    } else results.push({ values: rows.map((r) => r[0]!), keys: null });
  }
  return results;
}

export async function runQuery(plan: QueryPlan, env: QueryEnv): Promise<QueryOutput> {
  return plan.kind === 'Select' ? runSelect(plan, env) : runSetOperation(plan, env);
}

export async function runSelect(plan: SelectPlan, outerEnv: QueryEnv): Promise<QueryOutput> {
  let env = outerEnv;
  if (plan.subqueries.length) {
    const results = await runSubqueries(plan, outerEnv);
    env = { ...outerEnv, ctx: { ...outerEnv.ctx, subqueryResults: results } };
  }
  const ctx = env.ctx;
  const limit = evaluateCount(plan.limit, ctx);
  const offset = evaluateCount(plan.offset, ctx) ?? 0;
  if (limit === 0) return { rows: [] };
  const where = plan.where;
  const projection = plan.projection;
  const orderBy = plan.orderBy;
  const streaming = !plan.aggregation && orderBy.length === 0 && !plan.distinct;
  const stopAfter = streaming && limit !== null ? offset + limit : Infinity;
  const collected: Array<{ out: Value[]; keys: Value[] }> = [];
  const groups = new Map<string, { first: Row; states: AggregateState[] }>();
  const aggregation = plan.aggregation;

  const project = (row: Row) => {
    const out = new Array<Value>(projection.length);
    for (let i = 0; i < projection.length; i++) out[i] = projection[i]!.evaluate(row, ctx);
    const keys = orderBy.length
      ? orderBy.map((o) => {
          const v = o.expr.evaluate(row, ctx);
          return v !== null && o.prepare ? o.prepare(v) : v;
        })
      : [];
    collected.push({ out, keys });
  };

  let seen = 0;
  const accept = (row: Row): boolean => {
    if ((++seen & 0xfff) === 0) env.checkInterrupted();
    if (where && truth(where.evaluate(row, ctx), where.type, ctx) !== true) return true;
    if (aggregation) {
      let key = '';
      for (const g of aggregation.groupBy) key += hashKey(g.evaluate(row, ctx), g.type) + '\u0001';
      let group = groups.get(key);
      if (!group) {
        group = { first: row, states: aggregation.specs.map((s) => s.create()) };
        groups.set(key, group);
      }
      for (const state of group.states) state.add(row, ctx);
      return true;
    }
    if (plan.having && truth(plan.having.evaluate(row, ctx), plan.having.type, ctx) !== true)
      return true;
    project(row);
    return collected.length < stopAfter;
  };

  if (plan.virtual) {
    for (const row of await plan.virtual.rows()) if (!accept(row)) break;
  } else if (plan.source) {
    env.noteScan(plan.access.kind === 'TableScan');
    await readRows(
      plan.access,
      plan.source,
      ctx,
      {
        reader: env.reader,
        lockIn: plan.forUpdate ? env.lockIn : null,
        decoder: plan.decoder!,
        width: plan.width,
      },
      accept,
    );
  } else accept([]);

  if (aggregation) {
    if (groups.size === 0 && aggregation.groupBy.length === 0) {
      groups.set('', {
        first: new Array(plan.width).fill(null),
        states: aggregation.specs.map((s) => s.create()),
      });
    }
    for (const group of groups.values()) {
      const row = group.first.slice();
      row.length = plan.width;
      for (const state of group.states) row.push(state.result());
      if (plan.having && truth(plan.having.evaluate(row, ctx), plan.having.type, ctx) !== true)
        continue;
      project(row);
    }
  }

  let rows = collected;
  if (plan.distinct) {
    const seenKeys = new Set<string>();
    rows = rows.filter((r) => {
      let key = '';
      for (let i = 0; i < r.out.length; i++) key += hashKey(r.out[i]!, plan.types[i]!) + '\u0001';
      if (seenKeys.has(key)) return false;
      seenKeys.add(key);
      return true;
    });
  }
  if (orderBy.length) rows = stableSort(rows, (a, b) => compareKeys(a.keys, b.keys, orderBy, ctx));
  let out = rows.map((r) => r.out);
  if (offset > 0 || limit !== null)
    out = out.slice(offset, limit === null ? undefined : offset + limit);
  return { rows: out };
}

function stableSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => compare(a.item, b.item) || a.index - b.index)
    .map((x) => x.item);
}

async function runSetOperation(plan: SetOperationPlan, env: QueryEnv): Promise<QueryOutput> {
  const [left, right] = [await runQuery(plan.left, env), await runQuery(plan.right, env)];
  const convertLeft = plan.left.types.map((t, i) => converter(t, plan.types[i]!));
  const convertRight = plan.right.types.map((t, i) => converter(t, plan.types[i]!));
  const ctx = env.ctx;
  const l = left.rows.map((r) => r.map((v, i) => convertLeft[i]!(v, ctx)));
  const r = right.rows.map((row) => row.map((v, i) => convertRight[i]!(v, ctx)));
  const keyOf = (row: Value[]) => row.map((v, i) => hashKey(v, plan.types[i]!)).join('\u0001');
  let rows: Value[][];
  if (plan.op === 'UNION') {
    rows = [...l, ...r];
    if (!plan.all) rows = dedupe(rows, keyOf);
  } else {
    const rightKeys = new Map<string, number>();
    for (const row of r) rightKeys.set(keyOf(row), (rightKeys.get(keyOf(row)) ?? 0) + 1);
    const wantPresent = plan.op === 'INTERSECT';
    rows = l.filter((row) => {
      const k = keyOf(row);
      const count = rightKeys.get(k) ?? 0;
      if (plan.all && count > 0) rightKeys.set(k, count - 1);
      return count > 0 === wantPresent;
    });
    if (!plan.all) rows = dedupe(rows, keyOf);
  }
  if (plan.orderBy.length) {
    const keys = plan.orderBy;
    rows = stableSort(rows, (a, b) =>
      compareKeys(
        keys.map((k) => a[k.column]!),
        keys.map((k) => b[k.column]!),
        keys,
        ctx,
      ),
    );
  }
  const limit = evaluateCount(plan.limit, ctx);
  const offset = evaluateCount(plan.offset, ctx) ?? 0;
  if (offset > 0 || limit !== null)
    rows = rows.slice(offset, limit === null ? undefined : offset + limit);
  return { rows };
}

function dedupe(rows: Value[][], keyOf: (row: Value[]) => string): Value[][] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const k = keyOf(row);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
