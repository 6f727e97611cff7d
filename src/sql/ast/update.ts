import type {
  Assignment,
  ExprNode,
  FromNode,
  LimitClause,
  OrderItem,
  TableRefNode,
} from './index.js';

export interface UpdateNode {
  readonly kind: 'Update';
  /** The table of the single-table form (the first table of the multi-table form). */
  readonly table: TableRefNode;
  /** The table references of the multi-table form (`UPDATE t1, t2 …`, joins), else null. */
  readonly from: readonly FromNode[] | null;
  readonly assignments: readonly Assignment[];
  readonly where: ExprNode | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: LimitClause | null;
  readonly ignore: boolean;
}
