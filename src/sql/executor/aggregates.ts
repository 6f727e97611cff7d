// Aggregate functions: per-group state fed one row at a time. SUM and AVG of exact numbers are
// DECIMAL (AVG with 4 more digits), of anything else DOUBLE; MIN and MAX keep the argument's type.

import type { AggregateNode } from '../ast/index.js';
import { makeComparator, hashKey } from '../expr/compare.js';
import type { Compiled } from '../expr/compiled.js';
import { toDecimal, toDouble, toInt, toText } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import { makeType } from '../expr/expr-type.js';
import type { ExprType } from '../expr/expr-type.js';
import { Decimal, DEFAULT_DIV_PRECISION_INCREMENT, MAX_DECIMAL_SCALE } from '../types/decimal.js';
import { normalizeInt, toBigInt } from '../types/value.js';
import type { Row, Value } from '../types/value.js';

const DEFAULT_GROUP_CONCAT_MAX_LEN = 1024;

export interface AggregateState {
  add(row: Row, ctx: EvalContext): void;
  result(): Value;
}

export interface AggregateSpec {
  readonly node: AggregateNode;
  readonly args: readonly Compiled[];
  readonly type: ExprType;
  readonly orderBy: ReadonlyArray<{ expr: Compiled; descending: boolean }>;
  create(): AggregateState;
}

function exact(type: ExprType): boolean {
  return type.kind === 'int' || type.kind === 'decimal' || type.hexLiteral;
}

export function resultType(node: AggregateNode, args: readonly Compiled[]): ExprType {
  const arg = args[0]?.type;
  switch (node.name) {
    case 'COUNT':
      return makeType('int', { nullable: false });
    case 'SUM':
      return arg && exact(arg)
        ? makeType('decimal', { scale: arg.kind === 'decimal' ? arg.scale : 0 })
        : makeType('double');
    case 'AVG':
      return arg && exact(arg)
        ? makeType('decimal', {
            scale: Math.min(
              (arg.kind === 'decimal' ? arg.scale : 0) + DEFAULT_DIV_PRECISION_INCREMENT,
              MAX_DECIMAL_SCALE,
            ),
          })
        : makeType('double');
    case 'MIN':
    case 'MAX':
      return { ...arg!, nullable: true };
    case 'GROUP_CONCAT':
      return makeType(args.some((a) => a.type.kind === 'binary') ? 'binary' : 'string');
    case 'BIT_AND':
    case 'BIT_OR':
    case 'BIT_XOR':
      return makeType('int', { unsigned: true, nullable: false });
    case 'STD':
    case 'VARIANCE':
      return makeType('double');
  }
}

/** Wraps a state so that only distinct argument tuples reach it. */
function distinctOnly(args: readonly Compiled[], inner: AggregateState): AggregateState {
  const seen = new Set<string>();
  return {
    add(row, ctx) {
      let key = '';
      for (const a of args) {
        const v = a.evaluate(row, ctx);
        if (v === null) return;
        key += hashKey(v, a.type) + '\u0001';
      }
      if (seen.has(key)) return;
      seen.add(key);
      inner.add(row, ctx);
    },
    result: () => inner.result(),
  };
}

export function makeAggregateSpec(
  node: AggregateNode,
  args: readonly Compiled[],
  orderBy: AggregateSpec['orderBy'],
): AggregateSpec {
  const type = resultType(node, args);
  const create = (): AggregateState => {
    const state = createState(node, args, type, orderBy);
    return node.distinct ? distinctOnly(args, state) : state;
  };
  return { node, args, type, orderBy, create };
}

function createState(
  node: AggregateNode,
  args: readonly Compiled[],
  type: ExprType,
  orderBy: AggregateSpec['orderBy'],
): AggregateState {
  const arg = args[0];
  switch (node.name) {
    case 'COUNT': {
      let count = 0;
      if (args.length === 0) return { add: () => void count++, result: () => count };
      return {
        add(row, ctx) {
          for (const a of args) if (a.evaluate(row, ctx) === null) return;
          count++;
        },
        result: () => count,
      };
    }
    case 'SUM':
    case 'AVG': {
      const average = node.name === 'AVG';
      let count = 0;
      if (type.kind === 'decimal') {
        let intSum = 0;
        let bigSum: Decimal | null = null;
        return {
          add(row, ctx) {
            const v = arg!.evaluate(row, ctx);
            if (v === null) return;
            count++;
            if (typeof v === 'number' && arg!.type.kind === 'int') {
              const next = intSum + v;
              if (Number.isSafeInteger(next)) {
                intSum = next;
                return;
              }
            }
            const d = toDecimal(v, arg!.type, ctx)!;
            bigSum = bigSum ? bigSum.add(d) : d;
          },
          result() {
            if (count === 0) return null;
            let sum = Decimal.fromInt(intSum);
            if (bigSum) sum = sum.add(bigSum);
            if (!average)
              return sum.scale < type.scale
                ? Decimal.of(sum.withScale(type.scale), type.scale)
                : sum;
            return sum.div(Decimal.fromInt(count), type.scale - sum.scale)!;
          },
        };
      }
      let sum = 0;
      return {
        add(row, ctx) {
          const v = toDouble(arg!.evaluate(row, ctx), arg!.type, ctx);
          if (v === null) return;
          count++;
          sum += v;
        },
        result: () => (count === 0 ? null : average ? sum / count : sum),
      };
    }
    case 'MIN':
    case 'MAX': {
      const compare = makeComparator(arg!.type, arg!.type);
      const wantGreater = node.name === 'MAX';
      let best: Value = null;
      return {
        add(row, ctx) {
          const v = arg!.evaluate(row, ctx);
          if (v === null) return;
          if (best === null) best = v;
          else {
            const c = compare(v, best, ctx);
            if (wantGreater ? c > 0 : c < 0) best = v;
          }
        },
        result: () => best,
      };
    }
    case 'GROUP_CONCAT': {
      const parts: Array<{ text: string; keys: Value[] }> = [];
      const comparators = orderBy.map((o) => makeComparator(o.expr.type, o.expr.type));
      return {
        add(row, ctx) {
          let text = '';
          for (const a of args) {
            const v = a.evaluate(row, ctx);
            if (v === null) return;
            text += toText(v, a.type);
          }
          parts.push({ text, keys: orderBy.map((o) => o.expr.evaluate(row, ctx)) });
        },
        result() {
          if (parts.length === 0) return null;
          if (orderBy.length) {
            parts.sort((x, y) => {
              for (let i = 0; i < orderBy.length; i++) {
                const a = x.keys[i]!;
                const b = y.keys[i]!;
                const c =
                  a === null ? (b === null ? 0 : -1) : b === null ? 1 : comparators[i]!(a, b, null);
                if (c !== 0) return orderBy[i]!.descending ? -c : c;
              }
              return 0;
            });
          }
          const joined = parts.map((p) => p.text).join(node.separator);
          const limited =
            joined.length > DEFAULT_GROUP_CONCAT_MAX_LEN
              ? joined.slice(0, DEFAULT_GROUP_CONCAT_MAX_LEN)
              : joined;
          return type.kind === 'binary' ? Buffer.from(limited, 'utf8') : limited;
        },
      };
    }
    case 'BIT_AND':
    case 'BIT_OR':
    case 'BIT_XOR': {
      let acc = node.name === 'BIT_AND' ? (1n << 64n) - 1n : 0n;
      return {
        add(row, ctx) {
          const v = toInt(arg!.evaluate(row, ctx), arg!.type, ctx);
          if (v === null) return;
          const b = BigInt.asUintN(64, toBigInt(v));
          acc = node.name === 'BIT_AND' ? acc & b : node.name === 'BIT_OR' ? acc | b : acc ^ b;
        },
        result: () => normalizeInt(acc),
      };
    }
    case 'STD':
    case 'VARIANCE': {
      let count = 0;
      let mean = 0;
      let m2 = 0;
      return {
        add(row, ctx) {
          const v = toDouble(arg!.evaluate(row, ctx), arg!.type, ctx);
          if (v === null) return;
          count++;
          const delta = v - mean;
          mean += delta / count;
          m2 += delta * (v - mean);
        },
        result() {
          if (count === 0) return null;
          const variance = m2 / count;
          return node.name === 'STD' ? Math.sqrt(variance) : variance;
        },
      };
    }
  }
}
