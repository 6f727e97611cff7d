// Plans UNION [ALL], INTERSECT [ALL] and EXCEPT [ALL]: both sides' columns unified into one
// type each, the first side's names, and ORDER BY / LIMIT over the whole result (ORDER BY names a
// result column by name or position).

import { ER } from '../../server/constants/error-codes.js';
import type { QueryNode, SetOperationNode } from '../ast/index.js';
import { notSupported, sqlError } from '../errors.js';
import { makeComparator } from '../expr/compare.js';
import type { CompileScope } from '../expr/compiled.js';
import { unifyTypes } from '../expr/unify.js';
import type { PlanEnv } from './plan-env.js';
import { resultColumn } from './result-columns.js';
import type { QueryPlan, SetOperationPlan } from './select-plan.js';
import { compileLimit } from './select-planner.js';

export function planSetOperation(
  node: SetOperationNode,
  env: PlanEnv,
  planQuery: (node: QueryNode, env: PlanEnv) => QueryPlan,
): SetOperationPlan {
  const left = planQuery(node.left, env);
  const right = planQuery(node.right, env);
  if (left.types.length !== right.types.length)
    throw sqlError(ER.WRONG_NUMBER_OF_COLUMNS_IN_SELECT);
  const types = left.types.map((t, i) => ({ ...unifyTypes([t, right.types[i]!]), source: null }));
  const columns = left.columns.map((c, i) => resultColumn(c.name, types[i]!));
  const names = columns.map((c) => c.name.toLowerCase());
  const orderBy = node.orderBy.map((o) => {
    let column = -1;
    if (o.expr.kind === 'Literal' && o.expr.type === 'int') {
      column = Number(o.expr.value) - 1;
      if (column < 0 || column >= types.length)
        throw sqlError(ER.BAD_FIELD_ERROR, String(o.expr.value), 'order clause');
    } else if (o.expr.kind === 'ColumnRef') {
      if (o.expr.table !== null)
        throw sqlError(ER.TABLENAME_NOT_ALLOWED_HERE, o.expr.table, 'global ORDER clause');
      column = names.indexOf(o.expr.column.toLowerCase());
      if (column < 0) throw sqlError(ER.BAD_FIELD_ERROR, o.expr.column, 'order clause');
    } else throw notSupported('expressions in the ORDER BY of a set operation');
    return {
      column,
      descending: o.descending,
      compare: makeComparator(types[column]!, types[column]!),
    };
  });
  const limitScope: CompileScope = {
    clause: 'LIMIT',
    resolveColumn: (ref) => {
      throw sqlError(ER.BAD_FIELD_ERROR, ref.column, 'LIMIT');
    },
    paramType: (i) => env.paramType(i),
    variableType: (n) => env.variableType(n),
    aggregate: null,
    subquery: () => {
      throw notSupported('subqueries in LIMIT');
    },
  };
  const { limit, offset } = compileLimit(node.limit, limitScope);
  return {
    kind: 'SetOperation',
    op: node.op,
    all: node.all,
    left,
    right,
    columns,
    types,
    orderBy,
    limit,
    offset,
  };
}
