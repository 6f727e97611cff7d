import type { ExprNode, LimitClause, OrderItem, TableRefNode } from './index.js';

export interface DeleteNode {
  readonly kind: 'Delete';
  readonly table: TableRefNode;
  readonly where: ExprNode | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: LimitClause | null;
}
