// Values stored into a column: converted to the column's type with MySQL's checks. Under
// STRICT_TRANS_TABLES a bad value is an error (1366, 1264, 1406, 1292); otherwise it is clipped
// or truncated with a warning, as MySQL does.

import { ER } from '../../server/constants/error-codes.js';
import type { ColumnInfo } from '../catalog/schema.js';
import { sqlError } from '../errors.js';
import {
  doubleToInt,
  stringToDecimal,
  toDecimal,
  toDouble,
  toInt,
  toText,
} from '../expr/convert.js';
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

function truncated(ctx: EvalContext, target: StoreTarget): void {
  if (ctx.strict) throw sqlError(ER.DATA_TOO_LONG, target.column.name, target.rowNumber);
  ctx.warn(ER.WARN_DATA_TRUNCATED, target.column.name, target.rowNumber);
}

const NUMERIC_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

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
        const text = toText(value, from)!;
        if (!NUMERIC_TEXT.test(text)) {
          incorrect(ctx, target, 'integer', text);
          n = doubleToInt(toDouble(value, from, null) ?? 0).value;
        } else n = normalizeInt(stringToDecimal(text, null).round(0).unscaled);
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
      let d: Decimal;
      if (isText) {
        const text = toText(value, from)!;
        if (!NUMERIC_TEXT.test(text)) incorrect(ctx, target, 'decimal', text);
        d = stringToDecimal(text, null);
      } else d = toDecimal(value, from, null)!;
      const rounded = d.round(type.scale);
      if (rounded.compare(d) !== 0)
        ctx.warn(ER.WARN_DATA_TRUNCATED, target.column.name, target.rowNumber);
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
      return rounded;
    }
    case 'double': {
      let x: number;
      if (isText) {
        const text = toText(value, from)!;
        if (!NUMERIC_TEXT.test(text)) incorrect(ctx, target, 'double', text);
        x = toDouble(value, from, null) ?? 0;
      } else x = toDouble(value, from, null)!;
      if (type.name === 'float') {
        if (Math.abs(x) > FLOAT32_MAX) {
          outOfRange(ctx, target);
          x = Math.sign(x) * FLOAT32_MAX;
        }
        x = Math.fround(x);
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
        incorrect(ctx, target, kind === 'date' ? 'date' : 'datetime', text);
        return kind === 'date'
          ? ZERO_DATE
          : formatDateTime(
              { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0 },
              type.scale,
            );
      }
      if (kind === 'date') {
        if (parts.hour || parts.minute || parts.second || parts.micro) {
          ctx.warn(ER.WARN_DATA_TRUNCATED, target.column.name, target.rowNumber);
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
        incorrect(ctx, target, 'time', text);
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
