import type { ExprNode } from './index.js';

/** A row constructor `(a, b)`, compared element-wise. */
export interface RowExprNode {
  readonly kind: 'RowExpr';
  readonly items: readonly ExprNode[];
}
