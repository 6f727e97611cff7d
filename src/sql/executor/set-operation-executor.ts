// UNION [ALL], INTERSECT [ALL] and EXCEPT [ALL]: both sides converted to the unified column
// types, duplicates (with NULLs equal) removed unless ALL, then ORDER BY and LIMIT over the whole.

import { hashKey } from '../expr/compare.js';
import { converter } from '../expr/unify.js';
import type { SetOperationPlan } from '../planner/select-plan.js';
import type { Value } from '../types/value.js';
import { compareKeys, evaluateCount } from './result-order.js';
import type { QueryEnv, QueryOutput } from './select-executor.js';
import { runQuery } from './select-executor.js';

function stableSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => compare(a.item, b.item) || a.index - b.index)
    .map((x) => x.item);
}

export async function runSetOperation(plan: SetOperationPlan, env: QueryEnv): Promise<QueryOutput> {
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
