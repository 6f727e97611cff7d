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

/** A column reference resolved to a slot of the row, or to a value of an enclosing query's row. */
export type ColumnResolution = { readonly slot: number; readonly type: ExprType } | Compiled;

/**
 * A subquery as an expression reads it: its value type and, per row, its result (the value of a
 * scalar subquery, whether an EXISTS found a row, or the InSet of an IN/ANY/ALL subquery).
 */
export interface SubqueryRef {
  readonly type: ExprType;
  readonly result: (row: Row, ctx: EvalContext) => unknown;
}

/** The rows of an IN, ANY or ALL subquery: its values, and keys for hashed lookups. */
export interface InSet {
  readonly values: readonly Value[];
  readonly hasNull: boolean;
  /** Keys of the non-NULL values, built by the first lookup that can use them. */
  keys: Set<string> | null;
}

export interface CompileScope {
  /** Where a column reference reads from; throws 1054 (unknown) or 1052 (ambiguous). */
  resolveColumn(ref: ColumnRefNode): ColumnResolution;
  paramType(index: number): ExprType;
  /** Type of @var (its current value's) or @@var (its definition's). */
  variableType(node: VariableNode): ExprType;
  /** Registers an aggregate and returns where its value is read; null when none are allowed. */
  aggregate: ((node: AggregateNode) => { slot: number; type: ExprType }) | null;
  /** Plans a subquery of the expression. */
  subquery(query: QueryNode, mode: SubqueryMode): SubqueryRef;
  /**
   * WITH ROLLUP: an expression equal to a GROUP BY item reads that item's value of the result row
   * (NULL where it is rolled up) instead of being computed.
   */
  groupValue?(node: ExprNode): Compiled | undefined;
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
