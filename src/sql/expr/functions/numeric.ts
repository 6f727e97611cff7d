// Numeric functions: exact on integers and DECIMAL where MySQL is (ABS, CEIL, FLOOR, ROUND,
// TRUNCATE, SIGN), DOUBLE for the transcendental ones.

import { randomUUID } from 'node:crypto';

import { Decimal } from '../../types/decimal.js';
import { normalizeInt, toBigInt } from '../../types/value.js';
import type { Value } from '../../types/value.js';
import type { Compiled } from '../compiled.js';
import { toDecimal, toDouble, toInt, toText } from '../convert.js';
import { makeType } from '../expr-type.js';
import type { ExprType } from '../expr-type.js';
import { strictFunction } from './function-def.js';
import type { FunctionDef, FunctionTable } from './function-def.js';

const dbl = (v: Value, a: Compiled) => toDouble(v, a.type, null)!;

function exactKind(t: ExprType): 'int' | 'decimal' | 'double' {
  if (t.kind === 'int' || t.hexLiteral) return 'int';
  if (t.kind === 'decimal') return 'decimal';
  return 'double';
}

/** A DOUBLE function of DOUBLE arguments; NULL where the math is undefined (as MySQL). */
function math(arity: number, f: (...x: number[]) => number): FunctionDef {
  return strictFunction(
    arity,
    arity,
    () => makeType('double'),
    (values, args) => {
      const r = f(...values.map((v, i) => dbl(v, args[i]!)));
      return Number.isFinite(r) ? r : null;
    },
  );
}

function rounding(mode: 'ceil' | 'floor'): FunctionDef {
  return strictFunction(
    1,
    1,
    ([a]) => (exactKind(a!.type) === 'double' ? makeType('double') : makeType('int')),
    ([v], [a]) => {
      switch (exactKind(a!.type)) {
        case 'int':
          return toInt(v!, a!.type, null);
        case 'decimal': {
          const d = toDecimal(v!, a!.type, null)!;
          return normalizeInt((mode === 'ceil' ? d.ceil() : d.floor()).unscaled);
        }
        default:
          return mode === 'ceil' ? Math.ceil(dbl(v!, a!)) : Math.floor(dbl(v!, a!));
      }
    },
  );
}

function roundDouble(x: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = Math.abs(x) * factor;
  const rounded = Math.round(scaled);
  // Rounding half away from zero on the decimal text avoids binary artefacts (2.675 → 2.68).
  const viaText = Number(Decimal.fromNumber(Math.abs(x)).round(digits).toString());
  const result = Number.isFinite(viaText) ? viaText : rounded / factor;
  return x < 0 ? -result : result;
}

function roundOrTruncate(truncate: boolean): FunctionDef {
  return {
    minArgs: truncate ? 2 : 1,
    maxArgs: 2,
    compile(args) {
      const [a, d] = args;
      const kind = exactKind(a!.type);
      const digitsConst =
        d && d.constant ? Number(toInt(d.evaluate([], null as never), d.type, null) ?? 0) : 0;
      const type =
        kind === 'double'
          ? makeType('double')
          : kind === 'int' && digitsConst >= 0
            ? makeType('int', { unsigned: a!.type.unsigned })
            : makeType('decimal', { scale: Math.max(0, digitsConst) });
      return {
        type,
        constant: a!.constant && (d?.constant ?? true),
        evaluate: (row, ctx) => {
          const v = a!.evaluate(row, ctx);
          if (v === null) return null;
          let digits = 0;
          if (d) {
            const dv = d.evaluate(row, ctx);
            if (dv === null) return null;
            digits = Number(toInt(dv, d.type, ctx));
          }
          if (kind === 'double') {
            const x = dbl(v, a!);
            if (truncate) {
              const f = 10 ** digits;
              return Math.trunc(x * f) / f;
            }
            return roundDouble(x, digits);
          }
          const dec = toDecimal(v, a!.type, ctx)!;
          const r = truncate ? dec.truncate(digits) : dec.round(digits);
          if (type.kind === 'int') return normalizeInt(r.withScale(0));
          return r.scale < type.scale ? Decimal.of(r.withScale(type.scale), type.scale) : r;
        },
      };
    },
  };
}

export const NUMERIC_FUNCTIONS: FunctionTable = {
  ABS: strictFunction(
    1,
    1,
    ([a]) =>
      exactKind(a!.type) === 'double'
        ? makeType('double')
        : a!.type.kind === 'decimal'
          ? a!.type
          : makeType('int', { unsigned: a!.type.unsigned }),
    ([v], [a]) => {
      switch (exactKind(a!.type)) {
        case 'int': {
          const i = toInt(v!, a!.type, null)!;
          return typeof i === 'number' ? Math.abs(i) : normalizeInt(i < 0n ? -i : i);
        }
        case 'decimal':
          return toDecimal(v!, a!.type, null)!.abs();
        default:
          return Math.abs(dbl(v!, a!));
      }
    },
  ),
  CEIL: rounding('ceil'),
  CEILING: rounding('ceil'),
  FLOOR: rounding('floor'),
  ROUND: roundOrTruncate(false),
  TRUNCATE: roundOrTruncate(true),
  SIGN: strictFunction(
    1,
    1,
    () => makeType('int'),
    ([v], [a]) => {
      if (exactKind(a!.type) === 'decimal') return toDecimal(v!, a!.type, null)!.sign();
      const x = dbl(v!, a!);
      return x > 0 ? 1 : x < 0 ? -1 : 0;
    },
  ),
  MOD: strictFunction(
    2,
    2,
    ([a, b]) =>
      exactKind(a!.type) === 'int' && exactKind(b!.type) === 'int'
        ? makeType('int')
        : makeType('double'),
    ([x, y], [a, b]) => {
      if (exactKind(a!.type) === 'int' && exactKind(b!.type) === 'int') {
        const by = toBigInt(toInt(y!, b!.type, null)!);
        return by === 0n ? null : normalizeInt(toBigInt(toInt(x!, a!.type, null)!) % by);
      }
      const d = dbl(y!, b!);
      return d === 0 ? null : dbl(x!, a!) % d;
    },
  ),
  POW: math(2, Math.pow),
  POWER: math(2, Math.pow),
  SQRT: math(1, (x) => (x < 0 ? NaN : Math.sqrt(x))),
  EXP: math(1, Math.exp),
  LN: math(1, (x) => (x <= 0 ? NaN : Math.log(x))),
  LOG: strictFunction(
    1,
    2,
    () => makeType('double'),
    (values, args) => {
      const xs = values.map((v, i) => dbl(v, args[i]!));
      const r =
        xs.length === 1
          ? xs[0]! <= 0
            ? NaN
            : Math.log(xs[0]!)
          : xs[0]! <= 0 || xs[0] === 1 || xs[1]! <= 0
            ? NaN
            : Math.log(xs[1]!) / Math.log(xs[0]!);
      return Number.isFinite(r) ? r : null;
    },
  ),
  LOG2: math(1, (x) => (x <= 0 ? NaN : Math.log2(x))),
  LOG10: math(1, (x) => (x <= 0 ? NaN : Math.log10(x))),
  SIN: math(1, Math.sin),
  COS: math(1, Math.cos),
  TAN: math(1, Math.tan),
  ASIN: math(1, Math.asin),
  ACOS: math(1, Math.acos),
  ATAN: math(1, Math.atan),
  COT: math(1, (x) => 1 / Math.tan(x)),
  DEGREES: math(1, (x) => (x * 180) / Math.PI),
  RADIANS: math(1, (x) => (x * Math.PI) / 180),
  PI: {
    minArgs: 0,
    maxArgs: 0,
    compile: () => ({
      type: makeType('double', { scale: 6 }),
      constant: true,
      evaluate: () => Math.PI,
    }),
  },
  RAND: {
    minArgs: 0,
    maxArgs: 1,
    compile: () => ({ type: makeType('double'), constant: false, evaluate: () => Math.random() }),
  },
  CRC32: strictFunction(
    1,
    1,
    () => makeType('int', { unsigned: true }),
    ([v], [a]) => crc32(Buffer.isBuffer(v) ? v : Buffer.from(toText(v!, a!.type)!, 'utf8')),
  ),
  CONV: strictFunction(
    3,
    3,
    () => makeType('string'),
    ([n, from, to], args) => {
      const digits = toText(n!, args[0]!.type)!.trim();
      const fromBase = Number(toInt(from!, args[1]!.type, null));
      const toBase = Number(toInt(to!, args[2]!.type, null));
      if (fromBase < 2 || fromBase > 36 || Math.abs(toBase) < 2 || Math.abs(toBase) > 36)
        return null;
      let value = 0n;
      for (const ch of digits.toLowerCase()) {
        const d = parseInt(ch, 36);
        if (Number.isNaN(d) || d >= fromBase) break;
        value = value * BigInt(fromBase) + BigInt(d);
      }
      return value.toString(Math.abs(toBase)).toUpperCase();
    },
  ),
};

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export const UUID_FUNCTIONS: FunctionTable = {
  UUID: {
    minArgs: 0,
    maxArgs: 0,
    compile: () => ({
      type: makeType('string', { length: 36 }),
      constant: false,
      evaluate: () => randomUUID(),
    }),
  },
};
