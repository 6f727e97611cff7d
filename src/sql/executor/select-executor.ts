// Runs SELECT plans: rows from the access path of one table or from a join, WHERE (with the
// results of correlated subqueries filled in per row), grouping and aggregates, HAVING,
// projection, DISTINCT, ORDER BY and LIMIT. Without grouping, ordering or DISTINCT, reading stops
// as soon as LIMIT is reached.

import type { KvReader, Transaction } from '../../txn/api.js';
import { hashKey } from '../expr/compare.js';
import { truth } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { JoinUnit, QueryPlan, SelectPlan } from '../planner/select-plan.js';
import { groupKey } from '../types/collation.js';
import type { Row, Value } from '../types/value.js';
import { Grouping } from './grouping.js';
import { JoinRun } from './join-executor.js';
import { compareKeys, evaluateCount } from './result-order.js';
import { readRows } from './row-source.js';
import { runSetOperation } from './set-operation-executor.js';
import { CorrelatedRun, runUncorrelated } from './subquery-executor.js';

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

/** Whether a join step reads a whole stored table (for the no-index-used flag). */
function isFullScan(unit: JoinUnit): boolean {
  if (unit.kind === 'read') return unit.path.kind === 'TableScan';
  if (unit.kind === 'materialized')
    return unit.rows.kind === 'table' && unit.rows.path.kind === 'TableScan';
  return unit.steps.some((s) => isFullScan(s.unit));
}

export interface QueryOutput {
  rows: Value[][];
}

/**
 * The query's rows: synchronously when every read was answered from memory. maxRows: the caller
 * needs no more rows than this (EXISTS needs one); a cap, not a LIMIT (grouped and ordered
 * queries ignore it).
 */
export function runQuery(
  plan: QueryPlan,
  env: QueryEnv,
  maxRows?: number,
): QueryOutput | Promise<QueryOutput> {
  return plan.kind === 'Select' ? runSelect(plan, env, maxRows) : runSetOperation(plan, env);
}

export function runSelect(
  plan: SelectPlan,
  env: QueryEnv,
  maxRows?: number,
): QueryOutput | Promise<QueryOutput> {
  if (plan.subqueries.length === 0) return selectRows(plan, env, maxRows);
  return runUncorrelated(plan.subqueries, env).then((results) =>
    selectRows(plan, { ...env, ctx: { ...env.ctx, subqueryResults: results } }, maxRows),
  );
}

function selectRows(
  plan: SelectPlan,
  env: QueryEnv,
  maxRows: number | undefined,
): QueryOutput | Promise<QueryOutput> {
  const run = new SelectRun(plan, env, maxRows);
  if (run.limit === 0) return { rows: [] };
  const reading = run.read();
  return reading === undefined ? run.finish() : reading.then(() => run.finish());
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
  private readonly grouping: Grouping | null;
  private readonly correlated: CorrelatedRun | null;
  private seen = 0;

  constructor(
    private readonly plan: SelectPlan,
    private readonly env: QueryEnv,
    maxRows: number | undefined,
  ) {
    const ctx = env.ctx;
    this.ctx = ctx;
    this.limit = evaluateCount(plan.limit, ctx);
    this.offset = evaluateCount(plan.offset, ctx) ?? 0;
    const streaming = !plan.aggregation && plan.orderBy.length === 0 && !plan.distinct;
    let stopAfter = streaming && this.limit !== null ? this.offset + this.limit : Infinity;
    if (streaming && maxRows !== undefined) stopAfter = Math.min(stopAfter, this.offset + maxRows);
    this.stopAfter = stopAfter;
    this.sortKeys = plan.orderBy.length > 0 ? [] : null;
    this.grouping = plan.aggregation ? new Grouping(plan.aggregation, plan.width) : null;
    this.correlated = plan.correlated.length > 0 ? new CorrelatedRun(plan.correlated, env) : null;
  }

  /** Feeds the source's rows to accept(): undefined when done without waiting. */
  read(): Promise<void> | undefined {
    const plan = this.plan;
    const lockIn = plan.forUpdate ? this.env.lockIn : null;
    if (plan.join) {
      this.env.noteScan(plan.join.steps.some((s) => isFullScan(s.unit)));
      return new JoinRun(plan.join, this.env, plan.width, lockIn).run(this.accept);
    }
    if (!plan.source) {
      const row = new Array<Value>(plan.width).fill(null);
      const going = this.accept(row);
      return going === true || going === false ? undefined : going.then(() => undefined);
    }
    this.env.noteScan(plan.access.kind === 'TableScan');
    return readRows(
      plan.access,
      plan.source,
      this.ctx,
      {
        reader: this.env.reader,
        lockIn,
        decoder: plan.decoder!,
        width: plan.width,
        reuseRow: true,
      },
      this.accept,
    );
  }

  /** Takes one input row (which the caller may reuse afterwards); false to stop reading. */
  private readonly accept = (row: Row): boolean | Promise<boolean> => {
    const { plan, ctx } = this;
    if ((++this.seen & INTERRUPT_CHECK_MASK) === 0) this.env.checkInterrupted();
    const where = plan.where;
    if (where && truth(where.evaluate(row, ctx), where.type, ctx) !== true) return true;
    if (this.correlated !== null) return this.acceptCorrelated(row);
    const grouping = this.grouping;
    if (grouping !== null) {
      grouping.add(row, ctx);
      return true;
    }
    if (plan.having && truth(plan.having.evaluate(row, ctx), plan.having.type, ctx) !== true)
      return true;
    this.project(row);
    return this.outs.length < this.stopAfter;
  };

  /** accept() for queries with correlated subqueries: their results are filled in first. */
  private acceptCorrelated(row: Row): boolean | Promise<boolean> {
    const correlated = this.correlated!;
    const filling = correlated.fill(row, 'input');
    if (filling !== undefined) return filling.then(() => this.acceptFilled(row));
    return this.acceptFilled(row);
  }

  private acceptFilled(row: Row): boolean | Promise<boolean> {
    const { plan, ctx } = this;
    const late = plan.lateWhere;
    if (late && truth(late.evaluate(row, ctx), late.type, ctx) !== true) return true;
    if (this.grouping !== null) {
      this.grouping.add(row, ctx);
      return true;
    }
    const filling = this.correlated!.fill(row, 'output');
    if (filling !== undefined) return filling.then(() => this.output(row));
    return this.output(row);
  }

  /** HAVING and projection of a result row; false once LIMIT is reached. */
  private output(row: Row): boolean {
    const having = this.plan.having;
    if (having && truth(having.evaluate(row, this.ctx), having.type, this.ctx) !== true)
      return true;
    this.project(row);
    return this.outs.length < this.stopAfter;
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
  finish(): QueryOutput | Promise<QueryOutput> {
    if (this.grouping === null) return this.ordered();
    const groups = this.grouping.results();
    const correlated = this.correlated;
    if (correlated === null || !correlated.hasOutput) {
      for (const row of groups) this.output(row);
      return this.ordered();
    }
    return this.outputGroups(groups, correlated);
  }

  private async outputGroups(groups: Row[], correlated: CorrelatedRun): Promise<QueryOutput> {
    for (const row of groups) {
      const filling = correlated.fill(row, 'output');
      if (filling !== undefined) await filling;
      this.output(row);
    }
    return this.ordered();
  }

  /** DISTINCT, ORDER BY and LIMIT over the projected rows. */
  private ordered(): QueryOutput {
    const { plan, ctx } = this;
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
