import type { ExprNode } from './index.js';

/** DO expr, … : evaluates and discards. */
export interface DoNode {
  readonly kind: 'Do';
  readonly exprs: readonly ExprNode[];
}
