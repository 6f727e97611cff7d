// A compiled expression and the scope it is compiled in.

import type {
  AggregateNode,
  ColumnRefNode,
  ExprNode,
  QueryNode,
  VariableNode,
} from '../ast/index.js';
import type { Row, Value } from '../types/value.js';
import type { EvalContext } from './eval-context.js';
import type { ExprType } from './expr-type.js';

export type Evaluate = (row: Row, ctx: EvalContext) => Value;

export interface Compiled {
  readonly type: ExprType;
  readonly evaluate: Evaluate;
  /** Depends on no row, parameter, subquery or session state: may be evaluated once. */
  readonly constant: boolean;
}

export type SubqueryMode = 'scalar' | 'in' | 'exists';

export interface CompileScope {
  /** Where a column reference reads from; throws 1054 (unknown) or 1052 (ambiguous). */
  resolveColumn(ref: ColumnRefNode): { slot: number; type: ExprType };
  paramType(index: number): ExprType;
  /** Type of @var (its current value's) or @@var (its definition's). */
  variableType(node: VariableNode): ExprType;
  /** Registers an aggregate and returns where its value is read; null when none are allowed. */
  aggregate: ((node: AggregateNode) => { slot: number; type: ExprType }) | null;
  /** Registers an uncorrelated subquery; its result is ctx.subqueryResults[index]. */
  subquery(query: QueryNode, mode: SubqueryMode): { index: number; type: ExprType };
  /** DEFAULT / DEFAULT(col) and VALUES(col), where the statement allows them. */
  defaultValue?(column: string | null): Compiled;
  valuesRef?(column: string): Compiled;
  /** 'field list', 'where clause', … for error messages. */
  readonly clause: string;
}

export function constantOf(type: ExprType, value: Value): Compiled {
  return { type, evaluate: () => value, constant: true };
}

export type CompileFn = (node: ExprNode, scope: CompileScope) => Compiled;
