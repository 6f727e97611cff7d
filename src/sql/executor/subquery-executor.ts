// Runs a query's subqueries: the uncorrelated ones once before its rows are read (their results
// go to ctx.subqueryResults), the correlated ones for each row that needs them, with the values
// they read from that row as their ctx.outer. A correlated subquery's results are cached by those
// values, so it runs once per distinct combination.

import { ER } from '../../server/constants/error-codes.js';
import { sqlError } from '../errors.js';
import type { SubqueryMode } from '../expr/compiled.js';
import { inSetOf } from '../expr/subquery-predicates.js';
import type { CorrelatedSubquery, QueryPlan, SubqueryPlan } from '../planner/select-plan.js';
import { Decimal } from '../types/decimal.js';
import type { Row, Value } from '../types/value.js';
import type { QueryEnv, QueryOutput } from './select-executor.js';
import { runQuery } from './select-executor.js';

/** What an expression reads of a subquery's rows (see SubqueryRef.result). */
function resultOf(mode: SubqueryMode, rows: Value[][]): unknown {
  switch (mode) {
    case 'exists':
      return rows.length > 0;
    case 'scalar':
      if (rows.length > 1) throw sqlError(ER.SUBQUERY_NO_1_ROW);
      return rows.length ? rows[0]![0]! : null;
    case 'in':
      return inSetOf(rows.map((r) => r[0]!));
  }
}

function run(plan: QueryPlan, mode: SubqueryMode, env: QueryEnv): unknown | Promise<unknown> {
  // EXISTS needs one row; the others all of them (a scalar subquery checks there is one).
  const output = runQuery(plan, { ...env, lockIn: null }, mode === 'exists' ? 1 : undefined);
  return output instanceof Promise
    ? output.then((o: QueryOutput) => resultOf(mode, o.rows))
    : resultOf(mode, output.rows);
}

/** The results of a query's uncorrelated subqueries, in order. */
export async function runUncorrelated(
  subqueries: readonly SubqueryPlan[],
  env: QueryEnv,
): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const sub of subqueries) results.push(await run(sub.plan, sub.mode, env));
  return results;
}

/** An exact text of a value (no collation folding: 'a' and 'A' may give different results). */
function exactKey(value: Value): string {
  if (value === null) return '\u0000';
  if (typeof value === 'string') return 's' + value;
  if (typeof value === 'number' || typeof value === 'bigint') return 'n' + String(value);
  if (Buffer.isBuffer(value)) return 'b' + value.toString('latin1');
  if (value instanceof Decimal) return 'd' + value.toString();
  return 'o' + String(value);
}

/** The correlated subqueries of one run of a query, with their caches. */
export class CorrelatedRun {
  private readonly input: CorrelatedSubquery[];
  private readonly output: CorrelatedSubquery[];
  private readonly caches = new Map<CorrelatedSubquery, Map<string, unknown>>();

  constructor(
    correlated: readonly CorrelatedSubquery[],
    private readonly env: QueryEnv,
  ) {
    this.input = correlated.filter((c) => c.phase === 'input');
    this.output = correlated.filter((c) => c.phase === 'output');
    for (const c of correlated) this.caches.set(c, new Map());
  }

  get hasInput(): boolean {
    return this.input.length > 0;
  }

  get hasOutput(): boolean {
    return this.output.length > 0;
  }

  /** Puts the phase's subquery results into the row's slots: undefined when done at once. */
  fill(row: Row, phase: 'input' | 'output'): Promise<void> | undefined {
    const list = phase === 'input' ? this.input : this.output;
    for (let i = 0; i < list.length; i++) {
      const pending = this.fillOne(list[i]!, row);
      if (pending !== undefined) return pending.then(() => this.fillFrom(list, i + 1, row));
    }
    return undefined;
  }

  private async fillFrom(list: CorrelatedSubquery[], first: number, row: Row): Promise<void> {
    for (let i = first; i < list.length; i++) {
      const pending = this.fillOne(list[i]!, row);
      if (pending !== undefined) await pending;
    }
  }

  private fillOne(sub: CorrelatedSubquery, row: Row): Promise<void> | undefined {
    const ctx = this.env.ctx;
    const values: Value[] = [];
    let key = '';
    for (const c of sub.correlations) {
      const v = c.evaluate(row, ctx);
      values.push(v);
      key += exactKey(v) + '\u0001';
    }
    const cache = this.caches.get(sub)!;
    if (cache.has(key)) {
      row[sub.slot] = cache.get(key) as Value;
      return undefined;
    }
    const env: QueryEnv = { ...this.env, ctx: { ...ctx, outer: values, subqueryResults: [] } };
    const result = run(sub.plan, sub.mode, env);
    if (result instanceof Promise) {
      return result.then((r) => {
        cache.set(key, r);
        row[sub.slot] = r as Value;
      });
    }
    cache.set(key, result);
    row[sub.slot] = result as Value;
    return undefined;
  }
}
