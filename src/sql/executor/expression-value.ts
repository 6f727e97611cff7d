// The value of one expression outside any table (SET, DO, KILL): planned as a SELECT without
// FROM, so that it may hold subqueries; it reads the store only when it does.

import type { KvReader } from '../../txn/api.js';
import type { ExprNode, SelectNode } from '../ast/index.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { ExprType } from '../expr/expr-type.js';
import type { PlanEnv } from '../planner/plan-env.js';
import { planSelect } from '../planner/select-planner.js';
import type { Value } from '../types/value.js';
import type { QueryEnv } from './select-executor.js';
import { runQuery } from './select-executor.js';

export interface ExpressionEnv {
  readonly ctx: EvalContext;
  /** The reader subqueries read with (opened only when there is one). */
  reader(): KvReader | Promise<KvReader>;
  checkInterrupted(): void;
  noteScan(fullScan: boolean): void;
}

export async function evaluateExpression(
  node: ExprNode,
  env: PlanEnv,
  run: ExpressionEnv,
): Promise<{ value: Value; type: ExprType }> {
  const select: SelectNode = {
    kind: 'Select',
    distinct: false,
    items: [{ expr: node, alias: null, text: '' }],
    from: [],
    where: null,
    groupBy: [],
    withRollup: false,
    having: null,
    orderBy: [],
    limit: null,
    lock: null,
  };
  const plan = planSelect(select, env);
  const type = plan.types[0]!;
  if (plan.subqueries.length === 0 && plan.correlated.length === 0 && !plan.aggregation) {
    const row = new Array<Value>(plan.width).fill(null);
    return { value: plan.projection[0]!.evaluate(row, run.ctx), type };
  }
  const queryEnv: QueryEnv = {
    ctx: run.ctx,
    reader: await run.reader(),
    lockIn: null,
    checkInterrupted: run.checkInterrupted,
    noteScan: run.noteScan,
  };
  const { rows } = await runQuery(plan, queryEnv);
  return { value: rows[0]![0]!, type };
}
