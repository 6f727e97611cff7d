import type { ExprNode } from './index.js';

/** `x IS [NOT] TRUE | FALSE | UNKNOWN`. */
export interface IsTruthNode {
  readonly kind: 'IsTruth';
  readonly expr: ExprNode;
  readonly truth: 'TRUE' | 'FALSE' | 'UNKNOWN';
  readonly negated: boolean;
}
