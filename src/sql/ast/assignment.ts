import type { ColumnRefNode, ExprNode } from './index.js';

export interface Assignment {
  readonly column: ColumnRefNode;
  readonly value: ExprNode;
}
