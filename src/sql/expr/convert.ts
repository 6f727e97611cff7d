// Conversions between value kinds with MySQL's rules: strings read as the longest numeric prefix
// (with a 'Truncated incorrect … value' warning when that is not the whole string), doubles round
// to integers half away from zero, temporals read as their numeric form (20240501120000).

import { ER } from '../../server/constants/error-codes.js';
import type { EvalKind } from '../types/column-type.js';
import { Decimal } from '../types/decimal.js';
import { formatDouble, formatFloat } from '../types/format.js';
import { INT64_MAX, INT64_MIN, normalizeInt, UINT64_MAX } from '../types/value.js';
import type { Value } from '../types/value.js';
import type { EvalContext } from './eval-context.js';
import type { ExprType } from './expr-type.js';

const NUMERIC_PREFIX = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const INTEGER_PREFIX = /^\s*[+-]?\d+/;
const TWO_POW_64 = 2 ** 64;

/** Bytes of a hex literal as an unsigned integer. */
export function hexToInt(bytes: Buffer): number | bigint {
  if (bytes.length === 0) return 0;
  const big = BigInt('0x' + bytes.toString('hex'));
  return normalizeInt(big > UINT64_MAX ? UINT64_MAX : big);
}

function textOf(value: Value): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** The numeric text of a temporal value: '2024-05-01 12:00:00' → '20240501120000'. */
function temporalDigits(text: string): string {
  const negative = text.startsWith('-');
  const [whole, fraction] = (negative ? text.slice(1) : text).split('.');
  const digits = whole!.replace(/[^0-9]/g, '');
  return (negative ? '-' : '') + digits + (fraction ? '.' + fraction : '');
}

export function stringToDouble(text: string, ctx: EvalContext | null, what = 'DOUBLE'): number {
  const m = NUMERIC_PREFIX.exec(text);
  if (!m) {
    ctx?.warn(ER.TRUNCATED_WRONG_VALUE, what, text);
    return 0;
  }
  if (m[0].length !== text.length && text.slice(m[0].length).trim() !== '') {
    ctx?.warn(ER.TRUNCATED_WRONG_VALUE, what, text);
  }
  return Number(m[0]);
}

export function toDouble(value: Value, type: ExprType, ctx: EvalContext | null): number | null {
  if (value === null) return null;
  switch (type.kind) {
    case 'int':
    case 'double':
      return Number(value);
    case 'decimal':
      return (value as Decimal).toNumber();
    case 'binary':
      if (type.hexLiteral) return Number(hexToInt(value as Buffer));
      return stringToDouble(textOf(value), ctx);
    case 'date':
    case 'datetime':
    case 'time':
      return Number(temporalDigits(value as string));
    default:
      if (typeof value === 'number') return value;
      if (value instanceof Decimal) return value.toNumber();
      if (typeof value === 'bigint') return Number(value);
      return stringToDouble(textOf(value), ctx);
  }
}

export function toDecimal(value: Value, type: ExprType, ctx: EvalContext | null): Decimal | null {
  if (value === null) return null;
  switch (type.kind) {
    case 'int':
      return Decimal.fromInt(value as number | bigint);
    case 'decimal':
      return value as Decimal;
    case 'double':
      return Decimal.fromNumber(value as number);
    case 'binary':
      if (type.hexLiteral) return Decimal.fromInt(hexToInt(value as Buffer));
      return stringToDecimal(textOf(value), ctx);
    case 'date':
    case 'datetime':
    case 'time':
      return Decimal.parse(temporalDigits(value as string)) ?? Decimal.ZERO;
    default:
      if (value instanceof Decimal) return value;
      if (typeof value === 'number') return Decimal.fromNumber(value);
      if (typeof value === 'bigint') return Decimal.fromInt(value);
      return stringToDecimal(textOf(value), ctx);
  }
}

export function stringToDecimal(text: string, ctx: EvalContext | null): Decimal {
  const m = NUMERIC_PREFIX.exec(text);
  if (!m) {
    ctx?.warn(ER.TRUNCATED_WRONG_VALUE, 'DECIMAL', text);
    return Decimal.ZERO;
  }
  if (m[0].length !== text.length && text.slice(m[0].length).trim() !== '') {
    ctx?.warn(ER.TRUNCATED_WRONG_VALUE, 'DECIMAL', text);
  }
  return Decimal.parse(m[0]) ?? Decimal.ZERO;
}

/** Rounds a double half away from zero to an int64 (clamped, with an out-of-range flag). */
export function doubleToInt(
  value: number,
  unsigned = false,
): { value: number | bigint; clamped: boolean } {
  const rounded = value < 0 ? -Math.round(-value) : Math.round(value);
  if (unsigned) {
    if (rounded < 0) return { value: 0, clamped: true };
    if (rounded >= TWO_POW_64) return { value: UINT64_MAX, clamped: true };
  } else {
    if (rounded < -(2 ** 63)) return { value: INT64_MIN, clamped: true };
    if (rounded >= 2 ** 63) return { value: INT64_MAX, clamped: true };
  }
  if (Number.isSafeInteger(rounded)) return { value: rounded, clamped: false };
  return { value: normalizeInt(BigInt(rounded)), clamped: false };
}

/** Integer value (int64, or uint64 where the context is unsigned) with MySQL's rounding. */
export function toInt(
  value: Value,
  type: ExprType,
  ctx: EvalContext | null,
): number | bigint | null {
  if (value === null) return null;
  switch (type.kind) {
    case 'int':
      return value as number | bigint;
    case 'double':
      return doubleToInt(value as number).value;
    case 'decimal': {
      const rounded = (value as Decimal).round(0).unscaled;
      return normalizeInt(
        rounded < INT64_MIN ? INT64_MIN : rounded > UINT64_MAX ? UINT64_MAX : rounded,
      );
    }
    case 'binary':
      if (type.hexLiteral) return hexToInt(value as Buffer);
      return stringToInt(textOf(value), ctx);
    case 'date':
    case 'datetime':
    case 'time':
      return doubleToInt(Number(temporalDigits(value as string))).value;
    default:
      if (typeof value === 'number') return doubleToInt(value).value;
      if (typeof value === 'bigint') return value;
      if (value instanceof Decimal) return normalizeInt(value.round(0).unscaled);
      return stringToInt(textOf(value), ctx);
  }
}

/** Integer from text: a whole integer reads exactly; otherwise via DOUBLE with rounding. */
export function stringToInt(text: string, ctx: EvalContext | null): number | bigint {
  const m = INTEGER_PREFIX.exec(text);
  if (m && m[0].length === text.trimEnd().length) {
    const big = BigInt(m[0].trim());
    if (big > UINT64_MAX || big < INT64_MIN) {
      ctx?.warn(ER.TRUNCATED_WRONG_VALUE, 'INTEGER', text);
      return normalizeInt(big < 0n ? INT64_MIN : UINT64_MAX);
    }
    return normalizeInt(big);
  }
  return doubleToInt(stringToDouble(text, ctx, 'INTEGER')).value;
}

/** Text of a value of the given kind (CONCAT, string comparison, CAST AS CHAR). */
export function toText(value: Value, type: ExprType): string | null {
  if (value === null) return null;
  switch (type.kind) {
    case 'double':
      return type.singlePrecision ? formatFloat(value as number) : formatDouble(value as number);
    case 'binary':
      return (value as Buffer).toString('utf8');
    default:
      if (typeof value === 'number' && !Number.isInteger(value)) return formatDouble(value);
      return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
}

export function toBinary(value: Value, type: ExprType): Buffer | null {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(toText(value, type)!, 'utf8');
}

/** SQL truth of a value: null for NULL, else whether it is non-zero as a number. */
export function truth(value: Value, type: ExprType, ctx: EvalContext | null): boolean | null {
  if (value === null) return null;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (value instanceof Decimal) return !value.isZero();
  return toDouble(value, type, ctx) !== 0;
}

/** The kind a value of unknown origin has (for user variables and prepared parameters). */
export function kindOfValue(value: Value): EvalKind {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (value instanceof Decimal) return 'decimal';
  if (Buffer.isBuffer(value)) return 'binary';
  return 'string';
}
