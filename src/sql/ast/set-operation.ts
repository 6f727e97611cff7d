import type { LimitClause, OrderItem, QueryNode } from './index.js';

export interface SetOperationNode {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly left: QueryNode;
  readonly right: QueryNode;
  readonly orderBy: readonly OrderItem[];
  readonly limit: LimitClause | null;
}
