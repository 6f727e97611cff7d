import type { ExprNode, QueryNode } from './index.js';

export interface InSubqueryNode {
  readonly kind: 'InSubquery';
  readonly expr: ExprNode;
  readonly query: QueryNode;
  readonly negated: boolean;
}
