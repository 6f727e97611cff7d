import type { ExprNode } from './index.js';

export interface LikeNode {
  readonly kind: 'Like';
  readonly expr: ExprNode;
  readonly pattern: ExprNode;
  readonly escape: ExprNode | null;
  readonly negated: boolean;
}
