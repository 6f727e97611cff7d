// CAST(expr AS type) and CONVERT(expr, type).

import { ER } from '../../server/constants/error-codes.js';
import type { CastTarget } from '../ast/index.js';
import { sqlError } from '../errors.js';
import { BINARY_COLLATION } from '../types/collation.js';
import {
  formatDate,
  formatDateTime,
  formatTime,
  parseDateTime,
  parseTime,
} from '../types/datetime.js';
import { Decimal, MAX_DECIMAL_PRECISION, MAX_DECIMAL_SCALE, pow10 } from '../types/decimal.js';
import { normalizeInt, toBigInt } from '../types/value.js';
import type { Compiled } from './compiled.js';
import { doubleToInt, hexToInt, toBinary, toDecimal, toDouble, toInt, toText } from './convert.js';
import { makeType } from './expr-type.js';

const DEFAULT_DECIMAL_PRECISION = 10;
const INTEGER_TEXT = /^\s*([+-]?\d+)/;

export function compileCast(operand: Compiled, target: CastTarget): Compiled {
  const from = operand.type;
  const evaluate = operand.evaluate;
  const constant = operand.constant;
  switch (target.name) {
    case 'SIGNED':
    case 'UNSIGNED': {
      const unsigned = target.name === 'UNSIGNED';
      return {
        type: makeType('int', { unsigned }),
        constant,
        evaluate: (row, ctx) => {
          const v = evaluate(row, ctx);
          if (v === null) return null;
          let i: number | bigint;
          if (from.kind === 'string' || (from.kind === 'binary' && !from.hexLiteral)) {
            const text = toText(v, from)!;
            const m = INTEGER_TEXT.exec(text);
            if (!m || m[0].length !== text.trimEnd().length)
              ctx.warn(ER.TRUNCATED_WRONG_VALUE, 'INTEGER', text);
            i = m ? normalizeInt(BigInt.asIntN(64, BigInt(m[1]!))) : 0;
          } else if (from.kind === 'double') i = doubleToInt(v as number, unsigned).value;
          else i = from.hexLiteral ? hexToInt(v as Buffer) : toInt(v, from, ctx)!;
          const big = toBigInt(i);
          return normalizeInt(unsigned ? BigInt.asUintN(64, big) : BigInt.asIntN(64, big));
        },
      };
    }
    case 'DECIMAL': {
      const precision = target.length ?? DEFAULT_DECIMAL_PRECISION;
      const scale = target.scale ?? 0;
      if (precision > MAX_DECIMAL_PRECISION)
        throw sqlError(ER.TOO_BIG_PRECISION, precision, 'CAST', MAX_DECIMAL_PRECISION);
      if (scale > MAX_DECIMAL_SCALE)
        throw sqlError(ER.TOO_BIG_SCALE, scale, 'CAST', MAX_DECIMAL_SCALE);
      if (scale > precision) throw sqlError(ER.M_BIGGER_THAN_D, 'CAST');
      const limit = pow10(precision) - 1n;
      return {
        type: makeType('decimal', { scale, length: precision + 2 }),
        constant,
        evaluate: (row, ctx) => {
          const d = toDecimal(evaluate(row, ctx), from, ctx);
          if (d === null) return null;
          const rounded = d.round(scale);
          if (rounded.unscaled > limit || rounded.unscaled < -limit) {
            ctx.warn(ER.DATA_OUT_OF_RANGE, 'DECIMAL', 'CAST');
            return Decimal.of(rounded.unscaled < 0n ? -limit : limit, scale);
          }
          return rounded;
        },
      };
    }
    case 'DOUBLE':
    case 'FLOAT':
      return {
        type: makeType('double', { singlePrecision: target.name === 'FLOAT' }),
        constant,
        evaluate: (row, ctx) => {
          const d = toDouble(evaluate(row, ctx), from, ctx);
          return d === null ? null : target.name === 'FLOAT' ? Math.fround(d) : d;
        },
      };
    case 'CHAR': {
      const binary = target.charset === 'binary';
      return {
        type: binary
          ? makeType('binary', { collation: BINARY_COLLATION, length: target.length ?? 0 })
          : makeType('string', { length: target.length ?? 0 }),
        constant,
        evaluate: (row, ctx) => {
          const text = toText(evaluate(row, ctx), from);
          if (text === null) return null;
          let out = text;
          if (target.length !== null) {
            const chars = Array.from(text);
            if (chars.length > target.length) {
              ctx.warn(ER.TRUNCATED_WRONG_VALUE, `CHAR(${target.length})`, text);
              out = chars.slice(0, target.length).join('');
            }
          }
          return binary ? Buffer.from(out, 'utf8') : out;
        },
      };
    }
    case 'BINARY':
      return {
        type: makeType('binary', { length: target.length ?? 0 }),
        constant,
        evaluate: (row, ctx) => {
          const bytes = toBinary(evaluate(row, ctx), from);
          if (bytes === null || target.length === null) return bytes;
          if (bytes.length >= target.length) return bytes.subarray(0, target.length);
          return Buffer.concat([bytes, Buffer.alloc(target.length - bytes.length)]);
        },
      };
    case 'DATE':
    case 'DATETIME':
      return {
        type: makeType(target.name === 'DATE' ? 'date' : 'datetime', { scale: target.length ?? 0 }),
        constant,
        evaluate: (row, ctx) => {
          const v = evaluate(row, ctx);
          if (v === null) return null;
          const text = toText(v, from)!;
          const parts = parseDateTime(text);
          if (!parts) {
            ctx.warn(ER.TRUNCATED_WRONG_VALUE, target.name.toLowerCase(), text);
            return null;
          }
          return target.name === 'DATE'
            ? formatDate(parts)
            : formatDateTime(parts, target.length ?? 0);
        },
      };
    case 'TIME':
      return {
        type: makeType('time', { scale: target.length ?? 0 }),
        constant,
        evaluate: (row, ctx) => {
          const v = evaluate(row, ctx);
          if (v === null) return null;
          const text = toText(v, from)!;
          const dt =
            from.kind === 'datetime' || from.kind === 'date' ? parseDateTime(text) : undefined;
          const micros = dt
            ? ((dt.hour * 60 + dt.minute) * 60 + dt.second) * 1e6 + dt.micro
            : parseTime(text);
          if (micros === undefined) {
            ctx.warn(ER.TRUNCATED_WRONG_VALUE, 'time', text);
            return null;
          }
          return formatTime(micros, target.length ?? 0);
        },
      };
  }
}
