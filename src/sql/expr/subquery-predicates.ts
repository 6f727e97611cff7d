// Predicates over a subquery's rows: IN / NOT IN, comparisons with ANY (SOME) and ALL, and EXISTS,
// with MySQL's NULL rules: `x IN (…)` is NULL when no row matches and x or some row is NULL, and
// over no rows IN is false, NOT IN true, ANY false and ALL true whatever x is.

import type { ComparisonOperator } from '../ast/index.js';
import type { Value } from '../types/value.js';
import { makeComparator } from './compare.js';
import type { Compiled, InSet, SubqueryRef } from './compiled.js';
import type { EvalContext } from './eval-context.js';
import { equalityKeys } from './equality-key.js';
import { BOOL_TYPE } from './expr-type.js';

/** The InSet of a subquery's first column. */
export function inSetOf(values: readonly Value[]): InSet {
  let hasNull = false;
  for (let i = 0; i < values.length; i++) if (values[i] === null) hasNull = true;
  return { values, hasNull, keys: null };
}

export function compileInSubquery(needle: Compiled, sub: SubqueryRef, negated: boolean): Compiled {
  const compare = makeComparator(needle.type, sub.type);
  const keys = equalityKeys(needle.type, sub.type);
  const evalNeedle = needle.evaluate;
  const result = sub.result;
  const found = (x: Value, set: InSet, ctx: EvalContext): boolean => {
    if (keys !== null) {
      let known = set.keys;
      if (known === null) {
        known = new Set();
        for (const v of set.values) if (v !== null) known.add(keys.right(v, ctx));
        set.keys = known;
      }
      return known.has(keys.left(x, ctx));
    }
    for (const y of set.values) if (y !== null && compare(x, y, ctx) === 0) return true;
    return false;
  };
  return {
    type: BOOL_TYPE,
    constant: false,
    evaluate: (row, ctx) => {
      const set = result(row, ctx) as InSet;
      if (set.values.length === 0) return negated ? 1 : 0;
      const x = evalNeedle(row, ctx);
      if (x === null) return null;
      if (found(x, set, ctx)) return negated ? 0 : 1;
      return set.hasNull ? null : negated ? 1 : 0;
    },
  };
}

function comparisonTest(op: ComparisonOperator): (c: number) => boolean {
  switch (op) {
    case '=':
    case '<=>':
      return (c) => c === 0;
    case '<>':
      return (c) => c !== 0;
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '>=':
      return (c) => c >= 0;
  }
}

/**
 * `x op ANY (…)`: true when the comparison holds for some row; `x op ALL (…)`: false when it fails
 * for some row. Otherwise NULL when x or a row is NULL.
 */
export function compileQuantified(
  needle: Compiled,
  op: ComparisonOperator,
  quantifier: 'ANY' | 'ALL',
  sub: SubqueryRef,
): Compiled {
  if (op === '=' && quantifier === 'ANY') return compileInSubquery(needle, sub, false);
  if (op === '<>' && quantifier === 'ALL') return compileInSubquery(needle, sub, true);
  const compare = makeComparator(needle.type, sub.type);
  const test = comparisonTest(op);
  const any = quantifier === 'ANY';
  const evalNeedle = needle.evaluate;
  const result = sub.result;
  return {
    type: BOOL_TYPE,
    constant: false,
    evaluate: (row, ctx) => {
      const set = result(row, ctx) as InSet;
      if (set.values.length === 0) return any ? 0 : 1;
      const x = evalNeedle(row, ctx);
      if (x === null) return null;
      let sawNull = false;
      for (const y of set.values) {
        if (y === null) {
          sawNull = true;
          continue;
        }
        if (test(compare(x, y, ctx)) === any) return any ? 1 : 0;
      }
      return sawNull ? null : any ? 0 : 1;
    },
  };
}

export function compileExists(sub: SubqueryRef, negated: boolean): Compiled {
  const result = sub.result;
  return {
    type: BOOL_TYPE,
    constant: false,
    evaluate: (row, ctx) => ((result(row, ctx) as boolean) !== negated ? 1 : 0),
  };
}

export function compileScalarSubquery(sub: SubqueryRef): Compiled {
  const result = sub.result;
  return { type: sub.type, constant: false, evaluate: (row, ctx) => result(row, ctx) as Value };
}
