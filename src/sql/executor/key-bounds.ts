// Values from a WHERE clause turned into key values of an indexed column. Integers compare with
// any number: 5.5 can equal no integer, and as a range bound it becomes 6 (from below) or 5
// (from above). Other kinds convert to the column's type; a bound that cannot convert leaves
// that side of the range open (the WHERE filter still applies to every row read).

import type { ColumnInfo } from '../catalog/schema.js';
import { toBinary, toDecimal, toDouble, toText } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { ExprType } from '../expr/expr-type.js';
import { evalKindOf } from '../types/column-type.js';
import {
  formatDate,
  formatDateTime,
  formatTime,
  parseDateTime,
  parseTime,
} from '../types/datetime.js';
import { INT64_MAX, INT64_MIN, normalizeInt, UINT64_MAX } from '../types/value.js';
import type { Value } from '../types/value.js';

export type KeyBound =
  | { readonly kind: 'none' }
  | { readonly kind: 'open' }
  | { readonly kind: 'value'; readonly value: Value; readonly exact: boolean };

const NONE: KeyBound = { kind: 'none' };
const OPEN: KeyBound = { kind: 'open' };

export type BoundRole = 'equal' | 'low' | 'high';

export function keyBound(
  column: ColumnInfo,
  value: Value,
  type: ExprType,
  role: BoundRole,
  ctx: EvalContext,
): KeyBound {
  if (value === null) return NONE;
  switch (evalKindOf(column.type.name)) {
    case 'int': {
      if (
        typeof value === 'number' &&
        type.kind === 'int' &&
        (value >= 0 || !column.type.unsigned)
      ) {
        return { kind: 'value', value, exact: true };
      }
      const d = toDecimal(value, type, ctx);
      if (d === null) return NONE;
      let integral = d.truncate(0);
      const exact = integral.compare(d) === 0;
      if (!exact) {
        if (role === 'equal') return NONE;
        if (role === 'low' && d.sign() > 0) integral = d.ceil();
        if (role === 'high' && d.sign() < 0) integral = d.floor();
      }
      const min = column.type.unsigned ? 0n : INT64_MIN;
      const max = column.type.unsigned ? UINT64_MAX : INT64_MAX;
      const n = integral.toBigInt();
      if (n < min)
        return role === 'low'
          ? { kind: 'value', value: normalizeInt(min), exact: false }
          : role === 'high'
            ? NONE
            : NONE;
      if (n > max)
        return role === 'high' ? { kind: 'value', value: normalizeInt(max), exact: false } : NONE;
      return { kind: 'value', value: normalizeInt(n), exact };
    }
    case 'decimal': {
      const d = toDecimal(value, type, ctx);
      return d === null ? NONE : { kind: 'value', value: d, exact: true };
    }
    case 'double': {
      const x = toDouble(value, type, ctx);
      return x === null ? NONE : { kind: 'value', value: x, exact: true };
    }
    case 'string':
      return { kind: 'value', value: toText(value, type), exact: true };
    case 'binary':
      return { kind: 'value', value: toBinary(value, type), exact: true };
    case 'date':
    case 'datetime': {
      const parts = parseDateTime(toText(value, type)!);
      if (!parts) return role === 'equal' ? NONE : OPEN;
      const text =
        evalKindOf(column.type.name) === 'date'
          ? formatDate(parts)
          : formatDateTime(parts, column.type.scale);
      return { kind: 'value', value: text, exact: false };
    }
    case 'time': {
      const micros = parseTime(toText(value, type)!);
      if (micros === undefined) return role === 'equal' ? NONE : OPEN;
      return { kind: 'value', value: formatTime(micros, column.type.scale), exact: false };
    }
    default:
      return OPEN;
  }
}
