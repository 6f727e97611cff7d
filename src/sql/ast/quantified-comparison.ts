import type { ComparisonOperator, ExprNode, QueryNode } from './index.js';

/** `expr op ANY (subquery)` (SOME is ANY) or `expr op ALL (subquery)`. */
export interface QuantifiedComparisonNode {
  readonly kind: 'QuantifiedComparison';
  readonly op: ComparisonOperator;
  readonly quantifier: 'ANY' | 'ALL';
  readonly expr: ExprNode;
  readonly query: QueryNode;
}
