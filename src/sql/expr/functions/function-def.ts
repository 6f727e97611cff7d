// How a scalar function is declared: its arity and how it compiles from its compiled arguments.

import type { Value } from '../../types/value.js';
import type { Compiled } from '../compiled.js';
import type { EvalContext } from '../eval-context.js';
import type { ExprType } from '../expr-type.js';

export interface FunctionDef {
  readonly minArgs: number;
  readonly maxArgs: number;
  compile(args: readonly Compiled[]): Compiled;
}

/**
 * A function whose result is NULL when any argument is NULL (most of them); impl receives the
 * evaluated arguments. volatile: depends on the session or clock, so never folded as constant.
 */
export function strictFunction(
  minArgs: number,
  maxArgs: number,
  resultType: (args: readonly Compiled[]) => ExprType,
  impl: (values: Value[], args: readonly Compiled[], ctx: EvalContext) => Value,
  volatile = false,
): FunctionDef {
  return {
    minArgs,
    maxArgs,
    compile(args) {
      const type = resultType(args);
      const evaluators = args.map((a) => a.evaluate);
      const n = evaluators.length;
      return {
        type,
        constant: !volatile && args.every((a) => a.constant),
        evaluate: (row, ctx) => {
          const values = new Array<Value>(n);
          for (let i = 0; i < n; i++) {
            const v = evaluators[i]!(row, ctx);
            if (v === null) return null;
            values[i] = v;
          }
          return impl(values, args, ctx);
        },
      };
    },
  };
}

export type FunctionTable = Readonly<Record<string, FunctionDef>>;
