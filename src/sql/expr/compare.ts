// Comparison with MySQL's type rules: two strings compare as strings under a collation (bytes
// when either is binary), two integers as integers, a temporal against a temporal or a string as
// times, DECIMAL against an exact number as DECIMAL, and anything else as DOUBLE.

import type { CollationInfo } from '../types/collation.js';
import { compareStrings, groupKey } from '../types/collation.js';
import { parseDateTime, parseTime, formatDateTime } from '../types/datetime.js';
import type { Decimal } from '../types/decimal.js';
import type { Value } from '../types/value.js';
import { toDecimal, toDouble, toText } from './convert.js';
import type { EvalContext } from './eval-context.js';
import type { ExprType } from './expr-type.js';
import { isTemporalKind } from './expr-type.js';

export type CompareMode = 'int' | 'decimal' | 'double' | 'string' | 'binary' | 'datetime' | 'time';

export type Comparator = (a: Value, b: Value, ctx: EvalContext | null) => number;

export function compareMode(a: ExprType, b: ExprType): CompareMode {
  const ka = a.kind;
  const kb = b.kind;
  if (ka === 'null' && kb === 'null') return 'int';
  if (ka === 'null') return compareMode(b, b);
  if (kb === 'null') return compareMode(a, a);
  const stringy = (k: string) => k === 'string' || k === 'binary';
  if (stringy(ka) && stringy(kb)) {
    if ((a.hexLiteral && kb !== 'binary') || (b.hexLiteral && ka !== 'binary')) return 'binary';
    return ka === 'binary' || kb === 'binary' ? 'binary' : 'string';
  }
  const temporalA = isTemporalKind(ka);
  const temporalB = isTemporalKind(kb);
  if ((temporalA || stringy(ka)) && (temporalB || stringy(kb))) {
    const hasTime = ka === 'time' || kb === 'time';
    const otherIsTimeOrString = ka === 'time' ? kb === 'time' || stringy(kb) : stringy(ka);
    return hasTime && otherIsTimeOrString ? 'time' : 'datetime';
  }
  if (ka === 'int' && kb === 'int') return 'int';
  if ((ka === 'int' && b.hexLiteral) || (kb === 'int' && a.hexLiteral)) return 'int';
  if ((ka === 'decimal' || ka === 'int') && (kb === 'decimal' || kb === 'int')) return 'decimal';
  return 'double';
}

/** The collation two string operands compare under: a column's wins over a literal's. */
export function comparisonCollation(a: ExprType, b: ExprType): CollationInfo {
  if (a.source) return a.collation;
  if (b.source) return b.collation;
  return a.kind === 'string' ? a.collation : b.collation;
}

function order(x: number | bigint | string, y: number | bigint | string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Canonical datetime text of a temporal or string value, or undefined when it is not one. */
export function asDateTimeText(value: Value, type: ExprType): string | undefined {
  if (type.kind === 'datetime') return trimFraction(value as string);
  if (type.kind === 'date') return (value as string) + ' 00:00:00';
  const text = toText(value, type) ?? '';
  const parts = parseDateTime(text);
  return parts ? trimFraction(formatDateTime(parts, 6)) : undefined;
}

function trimFraction(text: string): string {
  if (text.indexOf('.') < 0) return text;
  return text.replace(/\.?0+$/, '');
}

function asTimeMicros(value: Value, type: ExprType): number | undefined {
  const text = toText(value, type) ?? '';
  if (type.kind === 'datetime' || type.kind === 'date') {
    const parts = parseDateTime(text);
    return parts
      ? ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1e6 + parts.micro
      : undefined;
  }
  return parseTime(text);
}

export function makeComparator(a: ExprType, b: ExprType): Comparator {
  const mode = compareMode(a, b);
  switch (mode) {
    case 'int':
      if (a.kind === 'int' && b.kind === 'int') {
        return (x, y) => order(x as number | bigint, y as number | bigint);
      }
      return (x, y, ctx) =>
        order(toDecimal(x, a, ctx)!.toBigInt(), toDecimal(y, b, ctx)!.toBigInt());
    case 'decimal':
      return (x, y, ctx) => toDecimal(x, a, ctx)!.compare(toDecimal(y, b, ctx) as Decimal);
    case 'double':
      return (x, y, ctx) => order(toDouble(x, a, ctx)!, toDouble(y, b, ctx)!);
    case 'string': {
      const collation = comparisonCollation(a, b);
      return (x, y) => compareStrings(toText(x, a)!, toText(y, b)!, collation);
    }
    case 'binary':
      return (x, y) => Buffer.compare(asBuffer(x, a), asBuffer(y, b));
    case 'datetime':
      return (x, y, ctx) => {
        const dx = asDateTimeText(x, a);
        const dy = asDateTimeText(y, b);
        if (dx !== undefined && dy !== undefined) return order(dx, dy);
        return order(toDouble(x, a, ctx)!, toDouble(y, b, ctx)!);
      };
    case 'time':
      return (x, y, ctx) => {
        const tx = asTimeMicros(x, a);
        const ty = asTimeMicros(y, b);
        if (tx !== undefined && ty !== undefined) return order(tx, ty);
        return order(toDouble(x, a, ctx)!, toDouble(y, b, ctx)!);
      };
  }
}

function asBuffer(value: Value, type: ExprType): Buffer {
  if (Buffer.isBuffer(value)) {
    // BINARY/VARBINARY compare without their trailing pad bytes only for CHAR-like PAD semantics;
    // binary strings compare every byte.
    return value;
  }
  return Buffer.from(toText(value, type)!, 'utf8');
}

/**
 * A string that is equal for values SQL calls equal (for DISTINCT, GROUP BY and IN lists).
 * Values of different kinds never share a key except integers and DECIMALs of the same value.
 */
export function hashKey(value: Value, type: ExprType): string {
  if (value === null) return '\u0000N';
  switch (type.kind) {
    case 'int':
      return 'n' + String(value);
    case 'decimal': {
      const text = (value as Decimal).toString();
      return 'n' + (text.indexOf('.') >= 0 ? text.replace(/\.?0+$/, '') : text);
    }
    case 'double':
      return 'd' + String(value === 0 ? 0 : value);
    case 'string':
      return 's' + groupKey(value as string, type.collation);
    case 'binary':
      return 'b' + (value as Buffer).toString('latin1');
    case 'datetime':
    case 'date':
      return 't' + (asDateTimeText(value, type) ?? String(value));
    default:
      return 'o' + String(value);
  }
}
