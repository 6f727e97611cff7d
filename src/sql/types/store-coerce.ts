// Values stored into a column: converted to the column's type with MySQL's checks. Under
// STRICT_TRANS_TABLES a bad value is an error (1366, 1264, 1265, 1406, 1292); otherwise it is
// clipped or truncated with a warning, as MySQL does. Dropping only what does not count (trailing
// spaces of a VARCHAR, digits past a DECIMAL's scale, the time of a DATE) is a note.

import { ER } from '../../server/constants/error-codes.js';
import type { ColumnInfo } from '../catalog/schema.js';
import { sqlError } from '../errors.js';
import { stringToDecimal, toDecimal, toDouble, toInt, toText } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { ExprType } from '../expr/expr-type.js';
import { evalKindOf, intRange, STRING_MAX_LENGTH } from './column-type.js';
import { formatDate, formatDateTime, formatTime, parseDateTime, parseTime } from './datetime.js';
import { Decimal, pow10 } from './decimal.js';
import { normalizeInt, toBigInt } from './value.js';
import type { Value } from './value.js';

const ZERO_DATE = '0000-00-00';
const ZERO_TIME = '00:00:00';
const FLOAT32_MAX = 3.4028234663852886e38;
const SPACE = 0x20;

/** Where the value goes, for error messages. */
export interface StoreTarget {
  readonly column: ColumnInfo;
  readonly rowNumber: number;
  /**
   * ALTER TABLE converting a column's values: text that is no number is 1292 "Truncated incorrect
   * INTEGER value" and a string cut short is 1265, as MariaDB's table copy reports them.
   */
  readonly alter?: boolean;
}

function outOfRange(ctx: EvalContext, target: StoreTarget): void {
  if (ctx.strict) throw sqlError(ER.WARN_DATA_OUT_OF_RANGE, target.column.name, target.rowNumber);
  ctx.warn(ER.WARN_DATA_OUT_OF_RANGE, target.column.name, target.rowNumber);
}

function incorrect(ctx: EvalContext, target: StoreTarget, what: string, text: string): void {
  if (ctx.strict)
    throw sqlError(
      ER.TRUNCATED_WRONG_VALUE_FOR_FIELD,
      what,
      text,
      target.column.name,
      target.rowNumber,
    );
  ctx.warn(ER.TRUNCATED_WRONG_VALUE_FOR_FIELD, what, text, target.column.name, target.rowNumber);
}

/** Part of the value was dropped (1265): an error in strict mode. */
function dataTruncated(ctx: EvalContext, target: StoreTarget): void {
  if (ctx.strict) throw sqlError(ER.WARN_DATA_TRUNCATED, target.column.name, target.rowNumber);
  ctx.warn(ER.WARN_DATA_TRUNCATED, target.column.name, target.rowNumber);
}

/** A string longer than the column: 1406 in strict mode, else cut with warning 1265. */
function truncated(ctx: EvalContext, target: StoreTarget): void {
  if (ctx.strict && !target.alter)
    throw sqlError(ER.DATA_TOO_LONG, target.column.name, target.rowNumber);
  dataTruncated(ctx, target);
}

/** Only insignificant characters (trailing spaces, digits past the scale) were dropped. */
function noteTruncated(ctx: EvalContext, target: StoreTarget): void {
  ctx.note(ER.WARN_DATA_TRUNCATED, target.column.name, target.rowNumber);
}

const NUMERIC_PREFIX = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const TRAILING_SPACES = /^\s*$/;

/**
 * The number a text stores as in a numeric column: its longest numeric prefix, reported as
 * MySQL does when that is not the whole text: 1366 when there is no number at all, 1265 when
 * something follows it (a note when only spaces do).
 */
function numericText(
  text: string,
  what: 'integer' | 'decimal' | 'double',
  ctx: EvalContext,
  target: StoreTarget,
): string {
  const m = NUMERIC_PREFIX.exec(text);
  if (m !== null && m[0].length === text.length) return m[0];
  const rest = m === null ? '' : text.slice(m[0].length);
  if (m !== null && TRAILING_SPACES.test(rest)) {
    noteTruncated(ctx, target);
    return m[0];
  }
  if (target.alter) {
    const name = what === 'integer' ? 'INTEGER' : what.toUpperCase();
    if (ctx.strict) throw sqlError(ER.TRUNCATED_WRONG_VALUE, name, text);
    ctx.warn(ER.TRUNCATED_WRONG_VALUE, name, text);
  } else if (m === null) incorrect(ctx, target, what, text);
  else dataTruncated(ctx, target);
  return m === null ? '0' : m[0];
}

/** A text that is no date or time: 1292 in strict mode, else warning 1265 and the zero value. */
function badTemporal(ctx: EvalContext, target: StoreTarget, what: string, text: string): void {
  if (ctx.strict)
    throw sqlError(ER.INCORRECT_TEMPORAL_VALUE, what, text, target.column.name, target.rowNumber);
  ctx.warn(ER.WARN_DATA_TRUNCATED, target.column.name, target.rowNumber);
}

/** Converts a non-NULL value of type from into the column's stored representation. */
export function coerceToColumn(
  value: Value,
  from: ExprType,
  target: StoreTarget,
  ctx: EvalContext,
): Value {
  const type = target.column.type;
  const kind = evalKindOf(type.name);
  const isText = from.kind === 'string' || (from.kind === 'binary' && !from.hexLiteral);
  switch (kind) {
    case 'int': {
      let n: number | bigint;
      if (isText) {
        const text = numericText(toText(value, from)!, 'integer', ctx, target);
        n = normalizeInt(stringToDecimal(text, null).round(0).unscaled);
      } else n = toInt(value, from, null)!;
      const { min, max } = intRange(type);
      const big = toBigInt(n);
      if (big < min || big > max) {
        outOfRange(ctx, target);
        return normalizeInt(big < min ? min : max);
      }
      return n;
    }
    case 'decimal': {
      const d = isText
        ? stringToDecimal(numericText(toText(value, from)!, 'decimal', ctx, target), null)
        : toDecimal(value, from, null)!;
      const rounded = d.round(type.scale);
      const limit = pow10(type.length) - 1n;
      if (
        rounded.unscaled > limit ||
        rounded.unscaled < -limit ||
        (type.unsigned && rounded.unscaled < 0n)
      ) {
        outOfRange(ctx, target);
        const clipped =
          type.unsigned && rounded.unscaled < 0n ? 0n : rounded.unscaled < 0n ? -limit : limit;
        return Decimal.of(clipped, type.scale);
      }
      if (rounded.compare(d) !== 0) noteTruncated(ctx, target);
      return rounded;
    }
    case 'double': {
      let x = isText
        ? Number(numericText(toText(value, from)!, 'double', ctx, target))
        : toDouble(value, from, null)!;
      if (type.name === 'float') {
        if (Math.abs(x) > FLOAT32_MAX) {
          outOfRange(ctx, target);
          x = Math.sign(x) * FLOAT32_MAX;
        }
        x = Math.fround(x);
      } else if (!Number.isFinite(x)) {
        outOfRange(ctx, target);
        x = Math.sign(x) * Number.MAX_VALUE;
      }
      if (type.unsigned && x < 0) {
        outOfRange(ctx, target);
        x = 0;
      }
      if (type.length > 0 && type.scale >= 0 && type.length >= type.scale && type.scale > 0) {
        const factor = 10 ** type.scale;
        x = Math.round(x * factor) / factor;
      }
      return x;
    }
    case 'string': {
      let text = toText(value, from)!;
      const max = type.length || STRING_MAX_LENGTH[type.name] || 0;
      const isBlobLike = STRING_MAX_LENGTH[type.name] !== undefined;
      if (
        isBlobLike
          ? Buffer.byteLength(text, 'utf8') > max
          : text.length > max && Array.from(text).length > max
      ) {
        const chars = Array.from(text);
        const trailingSpacesOnly = chars.slice(max).every((c) => c === ' ');
        if (!trailingSpacesOnly) truncated(ctx, target);
        else if (type.name !== 'char') noteTruncated(ctx, target);
        text = isBlobLike
          ? Buffer.from(text, 'utf8').subarray(0, max).toString('utf8')
          : chars.slice(0, max).join('');
      }
      // CHAR drops trailing spaces (PAD SPACE); most values have none to drop.
      return type.name === 'char' && text.charCodeAt(text.length - 1) === SPACE
        ? text.replace(/ +$/, '')
        : text;
    }
    case 'binary': {
      let bytes = Buffer.isBuffer(value) ? value : Buffer.from(toText(value, from)!, 'utf8');
      const max = type.length || STRING_MAX_LENGTH[type.name] || 0;
      if (bytes.length > max) {
        truncated(ctx, target);
        bytes = bytes.subarray(0, max);
      }
      if (type.name === 'binary' && bytes.length < max)
        bytes = Buffer.concat([bytes, Buffer.alloc(max - bytes.length)]);
      return bytes;
    }
    case 'date':
    case 'datetime': {
      const text =
        from.kind === 'date' && kind === 'datetime'
          ? `${value as string} 00:00:00`
          : toText(value, from)!;
      const parts = parseDateTime(text);
      if (!parts) {
        badTemporal(ctx, target, kind, text);
        return kind === 'date'
          ? ZERO_DATE
          : formatDateTime(
              { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0 },
              type.scale,
            );
      }
      if (kind === 'date') {
        if (parts.hour || parts.minute || parts.second || parts.micro) {
          noteTruncated(ctx, target);
        }
        return formatDate(parts);
      }
      return formatDateTime(parts, type.scale);
    }
    case 'time': {
      const text = toText(value, from)!;
      const micros = from.kind === 'datetime' ? undefined : parseTime(text);
      if (micros === undefined) {
        const dt = parseDateTime(text);
        if (dt)
          return formatTime(
            ((dt.hour * 60 + dt.minute) * 60 + dt.second) * 1e6 + dt.micro,
            type.scale,
          );
        badTemporal(ctx, target, 'time', text);
        return ZERO_TIME;
      }
      return formatTime(micros, type.scale);
    }
    default:
      return value;
  }
}

/** The value MySQL uses for a NOT NULL column that got no value outside strict mode. */
export function implicitDefault(column: ColumnInfo): Value {
  switch (evalKindOf(column.type.name)) {
    case 'int':
      return 0;
    case 'decimal':
      return Decimal.of(0n, column.type.scale);
    case 'double':
      return 0;
    case 'binary':
      return column.type.name === 'binary' ? Buffer.alloc(column.type.length) : Buffer.alloc(0);
    case 'date':
      return ZERO_DATE;
    case 'datetime':
      return formatDateTime(
        { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0 },
        column.type.scale,
      );
    case 'time':
      return ZERO_TIME;
    default:
      return '';
  }
}
