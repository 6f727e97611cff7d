import type { Assignment, ExprNode, QueryNode, TableRefNode } from './index.js';

export interface InsertNode {
  readonly kind: 'Insert';
  readonly table: TableRefNode;
  /** Empty means every column in table order. */
  readonly columns: readonly string[];
  /** VALUES rows; null when the rows come from a query. */
  readonly rows: ReadonlyArray<readonly ExprNode[]> | null;
  readonly query: QueryNode | null;
  readonly ignore: boolean;
  /** REPLACE INTO: conflicting rows are deleted first. */
  readonly replace: boolean;
  readonly onDuplicate: readonly Assignment[];
}
