// Shared by query executors: LIMIT/OFFSET values and comparing rows by sort keys.

import type { Comparator } from '../expr/compare.js';
import { toInt } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { ExprType } from '../expr/expr-type.js';
import type { Row, Value } from '../types/value.js';

/** A LIMIT or OFFSET value (NULL and negatives count as 0), or null when there is none. */
export function evaluateCount(
  c: { evaluate: (row: Row, ctx: EvalContext) => Value; type: ExprType } | null,
  ctx: EvalContext,
): number | null {
  if (!c) return null;
  const v = c.evaluate([], ctx);
  if (v === null) return 0;
  const n = Number(toInt(v, c.type, ctx));
  return n < 0 ? 0 : n;
}

/** Compares two rows' sort keys (NULL first), descending where a key says so. */
export function compareKeys(
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
