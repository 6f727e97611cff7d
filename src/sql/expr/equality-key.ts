// Keys for hashed equality: two values get the same key exactly when `=` (makeComparator of
// their two types) finds them equal, so that IN over a subquery's rows and hash joins look values
// up in a Set or Map instead of comparing with each one. Only comparison modes whose equality is
// a plain canonical form qualify; temporal comparisons against strings (which fall back to
// numbers when the string is no date) and hex literals are compared one by one instead.

import { groupKey } from '../types/collation.js';
import type { CollationInfo } from '../types/collation.js';
import type { Decimal } from '../types/decimal.js';
import type { Value } from '../types/value.js';
import { asDateTimeText, comparisonCollation, compareMode } from './compare.js';
import { toDecimal, toDouble, toText } from './convert.js';
import type { EvalContext } from './eval-context.js';
import type { ExprType } from './expr-type.js';

/** The key of a non-NULL value. */
export type EqualityKey = (value: Value, ctx: EvalContext | null) => string;

export interface EqualityKeys {
  readonly left: EqualityKey;
  readonly right: EqualityKey;
}

function decimalKey(d: Decimal): string {
  let text = d.toString();
  if (text.indexOf('.') >= 0) text = text.replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

function keyOf(
  type: ExprType,
  mode: ReturnType<typeof compareMode>,
  collation: CollationInfo,
): EqualityKey | null {
  switch (mode) {
    case 'int':
      return type.kind === 'int' ? (v) => String(v) : null;
    case 'decimal':
      return (v, ctx) => decimalKey(toDecimal(v, type, ctx)!);
    case 'double':
      return (v, ctx) => {
        const d = toDouble(v, type, ctx)!;
        return String(d === 0 ? 0 : d);
      };
    case 'string':
      return (v) => groupKey(toText(v, type)!, collation);
    case 'binary':
      return (v) =>
        Buffer.isBuffer(v)
          ? v.toString('latin1')
          : Buffer.from(toText(v, type)!, 'utf8').toString('latin1');
    case 'datetime':
      return type.kind === 'datetime' || type.kind === 'date'
        ? (v) => asDateTimeText(v, type) ?? String(v)
        : null;
    case 'time':
      return null;
  }
}

/** Keys for `a = b` between values of these types, or null when they must be compared. */
export function equalityKeys(a: ExprType, b: ExprType): EqualityKeys | null {
  if (a.hexLiteral || b.hexLiteral || a.kind === 'null' || b.kind === 'null') return null;
  const mode = compareMode(a, b);
  const collation = comparisonCollation(a, b);
  const left = keyOf(a, mode, collation);
  const right = keyOf(b, mode, collation);
  return left && right ? { left, right } : null;
}
