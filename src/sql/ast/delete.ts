import type { ExprNode, FromNode, LimitClause, OrderItem, TableRefNode } from './index.js';

export interface DeleteNode {
  readonly kind: 'Delete';
  /** The table of the single-table form (the first target of the multi-table form). */
  readonly table: TableRefNode;
  /**
   * The multi-table forms (`DELETE t1, t2 FROM …` and `DELETE FROM t1, t2 USING …`): the tables
   * rows are deleted from (aliases or names, as written) and the table references they are read
   * through; null for the single-table form.
   */
  readonly multi: {
    readonly targets: readonly TableRefNode[];
    readonly from: readonly FromNode[];
  } | null;
  readonly where: ExprNode | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: LimitClause | null;
}
