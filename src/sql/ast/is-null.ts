import type { ExprNode } from './index.js';

export interface IsNullNode {
  readonly kind: 'IsNull';
  readonly expr: ExprNode;
  readonly negated: boolean;
}
