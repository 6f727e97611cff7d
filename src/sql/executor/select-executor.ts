// Runs query plans: rows from the access path (or a virtual table), WHERE, grouping and
// aggregates, HAVING, projection, DISTINCT, ORDER BY and LIMIT. Without grouping, ordering or
// DISTINCT, reading stops as soon as LIMIT is reached.

import { ER } from '../../server/constants/error-codes.js';
import type { KvReader, Transaction } from '../../txn/api.js';
import { sqlError } from '../errors.js';
import { hashKey } from '../expr/compare.js';
import { groupKey } from '../types/collation.js';
import type { Comparator } from '../expr/compare.js';
import type { Compiled } from '../expr/compiled.js';
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

/** Rows accepted between two checks for KILL QUERY and the statement timeout (a power of 2). */
const INTERRUPT_CHECK_MASK = 0xfff;

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

/** The query's rows: synchronously when every read was answered from memory. */
export function runQuery(plan: QueryPlan, env: QueryEnv): QueryOutput | Promise<QueryOutput> {
  return plan.kind === 'Select' ? runSelect(plan, env) : runSetOperation(plan, env);
}

export function runSelect(plan: SelectPlan, env: QueryEnv): QueryOutput | Promise<QueryOutput> {
  if (plan.subqueries.length === 0) return selectRows(plan, env);
  return runSubqueries(plan, env).then((results) =>
    selectRows(plan, { ...env, ctx: { ...env.ctx, subqueryResults: results } }),
  );
}

function selectRows(plan: SelectPlan, env: QueryEnv): QueryOutput | Promise<QueryOutput> {
  const run = new SelectRun(plan, env);
  if (run.limit === 0) return { rows: [] };
  const reading = run.read();
  return reading === undefined ? run.finish() : reading.then(() => run.finish());
}

interface Group {
  readonly first: Row;
  readonly states: AggregateState[];
}

/** One execution of a SELECT: rows are accepted one by one, then grouped, ordered and cut. */
class SelectRun {
  readonly limit: number | null;
  private readonly offset: number;
  private readonly ctx: EvalContext;
  /** Projected rows, in the order accepted. */
  private readonly outs: Value[][] = [];
  /** ORDER BY keys of each projected row (when ordering). */
  private readonly sortKeys: Value[][] | null;
  /** Stop reading once this many rows are projected (streaming with LIMIT). */
  private readonly stopAfter: number;
  private groups: Map<string, Group> | undefined;
  /** The one group of an aggregation without GROUP BY, once a row has arrived. */
  private soleGroup: Group | undefined;
  private seen = 0;

  constructor(
    private readonly plan: SelectPlan,
    private readonly env: QueryEnv,
  ) {
    const ctx = env.ctx;
    this.ctx = ctx;
    this.limit = evaluateCount(plan.limit, ctx);
    this.offset = evaluateCount(plan.offset, ctx) ?? 0;
    const streaming = !plan.aggregation && plan.orderBy.length === 0 && !plan.distinct;
    this.stopAfter = streaming && this.limit !== null ? this.offset + this.limit : Infinity;
    this.sortKeys = plan.orderBy.length > 0 ? [] : null;
  }

  /** Feeds the source's rows to accept(): undefined when done without waiting. */
  read(): Promise<void> | undefined {
    const plan = this.plan;
    if (plan.virtual) {
      return plan.virtual.rows().then((rows) => {
        for (const row of rows) if (!this.accept(row, 0)) break;
      });
    }
    if (!plan.source) {
      this.accept([], 0);
      return undefined;
    }
    this.env.noteScan(plan.access.kind === 'TableScan');
    return readRows(
      plan.access,
      plan.source,
      this.ctx,
      {
        reader: this.env.reader,
        lockIn: plan.forUpdate ? this.env.lockIn : null,
        decoder: plan.decoder!,
        width: plan.width,
        reuseRow: true,
      },
      this.accept,
    );
  }

  /** Takes one input row (which the caller may reuse afterwards); false to stop reading. */
  private readonly accept = (row: Row, _handle: unknown): boolean => {
    const { plan, ctx } = this;
    if ((++this.seen & INTERRUPT_CHECK_MASK) === 0) this.env.checkInterrupted();
    const where = plan.where;
    if (where && truth(where.evaluate(row, ctx), where.type, ctx) !== true) return true;
    const aggregation = plan.aggregation;
    if (aggregation) {
      const group = this.groupOf(row, aggregation.groupBy);
      const states = group.states;
      for (let i = 0; i < states.length; i++) states[i]!.add(row, ctx);
      return true;
    }
    if (plan.having && truth(plan.having.evaluate(row, ctx), plan.having.type, ctx) !== true)
      return true;
    this.project(row);
    return this.outs.length < this.stopAfter;
  };

  private groupOf(row: Row, groupBy: readonly Compiled[]): Group {
    if (groupBy.length === 0) {
      this.soleGroup ??= this.newGroup(row);
      return this.soleGroup;
    }
    const ctx = this.ctx;
    let key = '';
    for (const g of groupBy) key += hashKey(g.evaluate(row, ctx), g.type) + '\u0001';
    this.groups ??= new Map();
    let group = this.groups.get(key);
    if (!group) {
      group = this.newGroup(row);
      this.groups.set(key, group);
    }
    return group;
  }

  private newGroup(row: Row): Group {
    return { first: row.slice(), states: this.plan.aggregation!.specs.map((s) => s.create()) };
  }

  private project(row: Row): void {
    const { projection, orderBy } = this.plan;
    const ctx = this.ctx;
    const out = new Array<Value>(projection.length);
    for (let i = 0; i < projection.length; i++) out[i] = projection[i]!.evaluate(row, ctx);
    this.outs.push(out);
    if (this.sortKeys !== null) {
      const keys = new Array<Value>(orderBy.length);
      for (let i = 0; i < orderBy.length; i++) {
        const o = orderBy[i]!;
        const v = o.expr.evaluate(row, ctx);
        keys[i] = v !== null && o.prepare ? o.prepare(v) : v;
      }
      this.sortKeys.push(keys);
    }
  }

  /** Indexes of the first of each run of equal projected rows (DISTINCT). */
  private distinctRows(): number[] {
    const { outs } = this;
    const types = this.plan.types;
    const seenKeys = new Set<string>();
    const order: number[] = [];
    if (types.length === 1) {
      // One column: its values are the keys (one string column: its collation keys, which are
      // often the strings themselves), with NULL kept apart.
      const type = types[0]!;
      const collation = type.kind === 'string' ? type.collation : null;
      const seenTexts = new Set<string>();
      let sawNull = false;
      for (let r = 0; r < outs.length; r++) {
        const value = outs[r]![0]!;
        if (value === null) {
          if (sawNull) continue;
          sawNull = true;
        } else if (collation !== null && typeof value === 'string') {
          const key = groupKey(value, collation);
          if (seenTexts.has(key)) continue;
          seenTexts.add(key);
        } else {
          const key = hashKey(value, type);
          if (seenKeys.has(key)) continue;
          seenKeys.add(key);
        }
        order.push(r);
      }
      return order;
    }
    for (let r = 0; r < outs.length; r++) {
      const out = outs[r]!;
      let key = '';
      for (let i = 0; i < out.length; i++) key += hashKey(out[i]!, types[i]!) + '\u0001';
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      order.push(r);
    }
    return order;
  }

  /** Groups, HAVING, DISTINCT, ORDER BY and LIMIT over what was accepted. */
  finish(): QueryOutput {
    const { plan, ctx } = this;
    const aggregation = plan.aggregation;
    if (aggregation) {
      let groups: Iterable<Group>;
      if (aggregation.groupBy.length === 0) {
        const blank = new Array<Value>(plan.width).fill(null);
        groups = [this.soleGroup ?? this.newGroup(blank)];
      } else groups = this.groups?.values() ?? [];
      for (const group of groups) {
        const row = group.first.slice();
        row.length = plan.width;
        for (const state of group.states) row.push(state.result());
        if (plan.having && truth(plan.having.evaluate(row, ctx), plan.having.type, ctx) !== true)
          continue;
        this.project(row);
      }
    }
    let order: number[] | null = null;
    if (plan.distinct) order = this.distinctRows();
    const sortKeys = this.sortKeys;
    if (sortKeys !== null) {
      order ??= this.outs.map((_, r) => r);
      const orderBy = plan.orderBy;
      // Indexes break ties, which keeps the sort stable.
      if (orderBy.length === 1) {
        const { compare, descending } = orderBy[0]!;
        order.sort((a, b) => {
          const x = sortKeys[a]![0]!;
          const y = sortKeys[b]![0]!;
          let c: number;
          if (x === null) c = y === null ? 0 : -1;
          else if (y === null) c = 1;
          else c = compare(x, y, ctx);
          return (descending ? -c : c) || a - b;
        });
      } else {
        order.sort((a, b) => compareKeys(sortKeys[a]!, sortKeys[b]!, orderBy, ctx) || a - b);
      }
    }
    let rows = order === null ? this.outs : order.map((r) => this.outs[r]!);
    const { offset, limit } = this;
    if (offset > 0 || limit !== null) {
      const end = limit === null ? rows.length : offset + limit;
      if (offset > 0 || end < rows.length) rows = rows.slice(offset, end);
    }
    return { rows };
  }
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
