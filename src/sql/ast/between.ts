import type { ExprNode } from './index.js';

export interface BetweenNode {
  readonly kind: 'Between';
  readonly expr: ExprNode;
  readonly low: ExprNode;
  readonly high: ExprNode;
  readonly negated: boolean;
}
