// IF, IFNULL, NULLIF, COALESCE, ISNULL, GREATEST, LEAST.

import { makeComparator } from '../compare.js';
import type { Compiled } from '../compiled.js';
import { truth } from '../convert.js';
import { makeType } from '../expr-type.js';
import { converter, unifyTypes } from '../unify.js';
import type { FunctionTable } from './function-def.js';

function firstNonNull(args: readonly Compiled[]): Compiled {
  const type = unifyTypes(args.map((a) => a.type));
  const parts = args.map((a) => ({ evaluate: a.evaluate, convert: converter(a.type, type) }));
  return {
    type,
    constant: args.every((a) => a.constant),
    evaluate: (row, ctx) => {
      for (const part of parts) {
        const v = part.evaluate(row, ctx);
        if (v !== null) return part.convert(v, ctx);
      }
      return null;
    },
  };
}

function extreme(args: readonly Compiled[], wantGreater: boolean): Compiled {
  const type = unifyTypes(args.map((a) => a.type));
  const converters = args.map((a) => converter(a.type, type));
  const compare = makeComparator(type, type);
  return {
    type,
    constant: args.every((a) => a.constant),
    evaluate: (row, ctx) => {
      let best = null;
      for (let i = 0; i < args.length; i++) {
        const v = args[i]!.evaluate(row, ctx);
        if (v === null) return null;
        const c = converters[i]!(v, ctx);
        if (best === null || (wantGreater ? compare(c, best, ctx) > 0 : compare(c, best, ctx) < 0))
          best = c;
      }
      return best;
    },
  };
}

export const CONTROL_FUNCTIONS: FunctionTable = {
  IF: {
    minArgs: 3,
    maxArgs: 3,
    compile: ([cond, then, otherwise]) => {
      const type = unifyTypes([then!.type, otherwise!.type]);
      const convertThen = converter(then!.type, type);
      const convertElse = converter(otherwise!.type, type);
      return {
        type,
        constant: cond!.constant && then!.constant && otherwise!.constant,
        evaluate: (row, ctx) =>
          truth(cond!.evaluate(row, ctx), cond!.type, ctx)
            ? convertThen(then!.evaluate(row, ctx), ctx)
            : convertElse(otherwise!.evaluate(row, ctx), ctx),
      };
    },
  },
  IFNULL: { minArgs: 2, maxArgs: 2, compile: firstNonNull },
  COALESCE: { minArgs: 1, maxArgs: Infinity, compile: firstNonNull },
  NULLIF: {
    minArgs: 2,
    maxArgs: 2,
    compile: ([a, b]) => {
      const compare = makeComparator(a!.type, b!.type);
      return {
        type: a!.type,
        constant: a!.constant && b!.constant,
        evaluate: (row, ctx) => {
          const x = a!.evaluate(row, ctx);
          if (x === null) return null;
          const y = b!.evaluate(row, ctx);
          return y !== null && compare(x, y, ctx) === 0 ? null : x;
        },
      };
    },
  },
  ISNULL: {
    minArgs: 1,
    maxArgs: 1,
    compile: ([a]) => ({
      type: makeType('int', { length: 1, nullable: false }),
      constant: a!.constant,
      evaluate: (row, ctx) => (a!.evaluate(row, ctx) === null ? 1 : 0),
    }),
  },
  GREATEST: { minArgs: 2, maxArgs: Infinity, compile: (args) => extreme(args, true) },
  LEAST: { minArgs: 2, maxArgs: Infinity, compile: (args) => extreme(args, false) },
};
