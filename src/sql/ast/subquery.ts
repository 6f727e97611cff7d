import type { QueryNode } from './index.js';

/** A scalar subquery: one column, at most one row. */
export interface SubqueryNode {
  readonly kind: 'Subquery';
  readonly query: QueryNode;
}
