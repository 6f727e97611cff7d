// + - * / DIV % and unary minus with MySQL's result types: DOUBLE if either operand is
// approximate (strings count as DOUBLE), else DECIMAL if either is DECIMAL (and always for /),
// else BIGINT, unsigned when either operand is; integer overflow is error 1690.

import { ER } from '../../server/constants/error-codes.js';
import type { ArithmeticOperator } from '../ast/index.js';
import { sqlError } from '../errors.js';
import type { Decimal } from '../types/decimal.js';
import { DEFAULT_DIV_PRECISION_INCREMENT, MAX_DECIMAL_SCALE } from '../types/decimal.js';
import { INT64_MAX, INT64_MIN, normalizeInt, toBigInt, UINT64_MAX } from '../types/value.js';
import type { Value } from '../types/value.js';
import type { Compiled } from './compiled.js';
import { toDecimal, toDouble, toInt } from './convert.js';
import type { EvalContext } from './eval-context.js';
import { makeType } from './expr-type.js';
import type { ExprType } from './expr-type.js';

type Mode = 'int' | 'decimal' | 'double';

function operandMode(type: ExprType): Mode {
  if (type.kind === 'int' || type.hexLiteral) return 'int';
  if (type.kind === 'decimal') return 'decimal';
  if (type.kind === 'null') return 'int';
  return 'double';
}

export function arithmeticMode(op: ArithmeticOperator, a: ExprType, b: ExprType): Mode {
  const ma = operandMode(a);
  const mb = operandMode(b);
  if (ma === 'double' || mb === 'double') return 'double';
  if (op === '/') return 'decimal';
  if (op === 'DIV') return 'int';
  if (ma === 'decimal' || mb === 'decimal') return 'decimal';
  return 'int';
}

function checkRange(result: bigint, unsigned: boolean, text: () => string): number | bigint {
  const min = unsigned ? 0n : INT64_MIN;
  const max = unsigned ? UINT64_MAX : INT64_MAX;
  if (result < min || result > max) {
    throw sqlError(ER.DATA_OUT_OF_RANGE, unsigned ? 'BIGINT UNSIGNED' : 'BIGINT', text());
  }
  return normalizeInt(result);
}

function divisionByZero(ctx: EvalContext): null {
  if (ctx.divisionByZeroIsError) throw sqlError(ER.DIVISION_BY_ZERO);
  ctx.warn(ER.DIVISION_BY_ZERO);
  return null;
}

function resultScale(op: ArithmeticOperator, a: ExprType, b: ExprType): number {
  const sa = a.kind === 'decimal' ? a.scale : 0;
  const sb = b.kind === 'decimal' ? b.scale : 0;
  switch (op) {
    case '*':
      return Math.min(sa + sb, MAX_DECIMAL_SCALE);
    case '/':
      return Math.min(sa + DEFAULT_DIV_PRECISION_INCREMENT, MAX_DECIMAL_SCALE);
    default:
      return Math.max(sa, sb);
  }
}

export function compileArithmetic(
  op: ArithmeticOperator,
  left: Compiled,
  right: Compiled,
  text: () => string,
): Compiled {
  const a = left.type;
  const b = right.type;
  const mode = arithmeticMode(op, a, b);
  const evalA = left.evaluate;
  const evalB = right.evaluate;
  const constant = left.constant && right.constant;
  if (mode === 'double') {
    const type = makeType('double');
    const fn = doubleOp(op);
    return {
      type,
      constant,
      evaluate: (row, ctx) => {
        const x = toDouble(evalA(row, ctx), a, ctx);
        if (x === null) return null;
        const y = toDouble(evalB(row, ctx), b, ctx);
        if (y === null) return null;
        if ((op === '/' || op === '%' || op === 'DIV') && y === 0) return divisionByZero(ctx);
        const r = fn(x, y);
        if (!Number.isFinite(r)) throw sqlError(ER.DATA_OUT_OF_RANGE, 'DOUBLE', text());
        return r;
      },
    };
  }
  if (mode === 'decimal') {
    const scale = resultScale(op, a, b);
    const type = makeType('decimal', { scale, length: Math.max(a.length, b.length) + scale + 1 });
    return {
      type,
      constant,
      evaluate: (row, ctx) => {
        const x = toDecimal(evalA(row, ctx), a, ctx);
        if (x === null) return null;
        const y = toDecimal(evalB(row, ctx), b, ctx);
        if (y === null) return null;
        switch (op) {
          case '+':
            return x.add(y);
          case '-':
            return x.sub(y);
          case '*':
            return x.mul(y);
          case '/':
            return x.div(y) ?? divisionByZero(ctx);
          case '%':
            return x.mod(y) ?? divisionByZero(ctx);
          case 'DIV': {
            const q = x.div(y, 0);
            return q === null ? divisionByZero(ctx) : normalizeInt(q.truncate(0).unscaled);
          }
        }
      },
    };
  }
  const unsigned = a.unsigned || b.unsigned;
  const type = makeType('int', { unsigned });
  return {
    type,
    constant,
    evaluate: (row, ctx) => {
      const x = toInt(evalA(row, ctx), a, ctx);
      if (x === null) return null;
      const y = toInt(evalB(row, ctx), b, ctx);
      if (y === null) return null;
      if (typeof x === 'number' && typeof y === 'number') {
        let r: number;
        switch (op) {
          case '+':
            r = x + y;
            break;
          case '-':
            r = x - y;
            break;
          case '*':
            r = x * y;
            break;
          case '%':
            if (y === 0) return divisionByZero(ctx);
            r = x % y;
            break;
          default:
            if (y === 0) return divisionByZero(ctx);
            r = Math.trunc(x / y);
        }
        if (Number.isSafeInteger(r) && !(unsigned && r < 0)) return r === 0 ? 0 : r;
      }
      const bx = toBigInt(x);
      const by = toBigInt(y);
      let r: bigint;
      switch (op) {
        case '+':
          r = bx + by;
          break;
        case '-':
          r = bx - by;
          break;
        case '*':
          r = bx * by;
          break;
        case '%':
          if (by === 0n) return divisionByZero(ctx);
          r = bx % by;
          break;
        default:
          if (by === 0n) return divisionByZero(ctx);
          r = bx / by;
      }
      return checkRange(r, unsigned, text);
    },
  };
}

function doubleOp(op: ArithmeticOperator): (x: number, y: number) => number {
  switch (op) {
    case '+':
      return (x, y) => x + y;
    case '-':
      return (x, y) => x - y;
    case '*':
      return (x, y) => x * y;
    case '/':
      return (x, y) => x / y;
    case '%':
      return (x, y) => x % y;
    case 'DIV':
      return (x, y) => Math.trunc(x / y);
  }
}

export function compileNegate(operand: Compiled, text: () => string): Compiled {
  const t = operand.type;
  const evalA = operand.evaluate;
  const mode = operandMode(t);
  if (mode === 'double') {
    return {
      type: makeType('double'),
      constant: operand.constant,
      evaluate: (row, ctx) => {
        const x = toDouble(evalA(row, ctx), t, ctx);
        return x === null ? null : -x;
      },
    };
  }
  if (mode === 'decimal') {
    return {
      type: t,
      constant: operand.constant,
      evaluate: (row, ctx) => {
        const x = evalA(row, ctx) as Decimal | null;
        return x === null ? null : x.negate();
      },
    };
  }
  return {
    type: makeType('int'),
    constant: operand.constant,
    evaluate: (row, ctx) => {
      const x = toInt(evalA(row, ctx), t, ctx);
      if (x === null) return null;
      if (typeof x === 'number') return x === 0 ? 0 : -x;
      return checkRange(-x, false, text);
    },
  };
}

/** Bit operators work on unsigned 64-bit integers. */
export function compileBitOp(
  op: '&' | '|' | '^' | '<<' | '>>' | '~',
  left: Compiled,
  right: Compiled | null,
): Compiled {
  const a = left.type;
  const b = right?.type;
  const evalA = left.evaluate;
  const evalB = right?.evaluate;
  const asUint = (v: Value, t: ExprType, ctx: EvalContext): bigint | null => {
    const i = toInt(v, t, ctx);
    return i === null ? null : BigInt.asUintN(64, toBigInt(i));
  };
  return {
    type: makeType('int', { unsigned: true }),
    constant: left.constant && (right?.constant ?? true),
    evaluate: (row, ctx) => {
      const x = asUint(evalA(row, ctx), a, ctx);
      if (x === null) return null;
      if (op === '~') return normalizeInt(BigInt.asUintN(64, ~x));
      const y = asUint(evalB!(row, ctx), b!, ctx);
      if (y === null) return null;
      switch (op) {
        case '&':
          return normalizeInt(x & y);
        case '|':
          return normalizeInt(x | y);
        case '^':
          return normalizeInt(x ^ y);
        case '<<':
          return y >= 64n ? 0 : normalizeInt(BigInt.asUintN(64, x << y));
        case '>>':
          return y >= 64n ? 0 : normalizeInt(x >> y);
      }
    },
  };
}
