// Session information functions: DATABASE(), USER(), CURRENT_USER(), CONNECTION_ID(),
// VERSION(), LAST_INSERT_ID(), FOUND_ROWS(), ROW_COUNT().

import { normalizeInt, toBigInt } from '../../types/value.js';
import type { Value } from '../../types/value.js';
import { toInt } from '../convert.js';
import type { EvalContext } from '../eval-context.js';
import { makeType } from '../expr-type.js';
import type { ExprType } from '../expr-type.js';
import type { FunctionDef, FunctionTable } from './function-def.js';

function sessionValue(type: ExprType, read: (ctx: EvalContext) => Value): FunctionDef {
  return {
    minArgs: 0,
    maxArgs: 0,
    compile: () => ({ type, constant: false, evaluate: (_row, ctx) => read(ctx) }),
  };
}

const NAME_TYPE = makeType('string', { length: 64 });

export const INFO_FUNCTIONS: FunctionTable = {
  DATABASE: sessionValue(NAME_TYPE, (ctx) => ctx.session.currentDatabase()),
  SCHEMA: sessionValue(NAME_TYPE, (ctx) => ctx.session.currentDatabase()),
  USER: sessionValue(NAME_TYPE, (ctx) => ctx.session.user()),
  SESSION_USER: sessionValue(NAME_TYPE, (ctx) => ctx.session.user()),
  SYSTEM_USER: sessionValue(NAME_TYPE, (ctx) => ctx.session.user()),
  CURRENT_USER: sessionValue(NAME_TYPE, (ctx) => ctx.session.currentUser()),
  CONNECTION_ID: sessionValue(
    makeType('int', { unsigned: true, nullable: false }),
    (ctx) => ctx.session.connectionId,
  ),
  VERSION: sessionValue(NAME_TYPE, (ctx) => ctx.session.systemVariable('version', 'system')),
  FOUND_ROWS: sessionValue(makeType('int', { nullable: false }), (ctx) => ctx.session.foundRows()),
  ROW_COUNT: sessionValue(makeType('int', { nullable: false }), (ctx) => ctx.session.rowCount()),
  LAST_INSERT_ID: {
    minArgs: 0,
    maxArgs: 1,
    compile: (args) => ({
      type: makeType('int', { unsigned: true, nullable: args.length > 0 }),
      constant: false,
      evaluate: (row, ctx) => {
        if (args.length === 0) return normalizeInt(ctx.session.lastInsertId());
        const v = args[0]!.evaluate(row, ctx);
        if (v === null) return null;
        const id = toInt(v, args[0]!.type, ctx)!;
        ctx.session.setLastInsertId(BigInt.asUintN(64, toBigInt(id)));
        return id;
      },
    }),
  },
};
