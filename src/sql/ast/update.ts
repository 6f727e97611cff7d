import type { Assignment, ExprNode, LimitClause, OrderItem, TableRefNode } from './index.js';

export interface UpdateNode {
  readonly kind: 'Update';
  readonly table: TableRefNode;
  readonly assignments: readonly Assignment[];
  readonly where: ExprNode | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: LimitClause | null;
  readonly ignore: boolean;
}
