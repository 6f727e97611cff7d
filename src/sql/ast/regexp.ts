import type { ExprNode } from './index.js';

export interface RegexpNode {
  readonly kind: 'Regexp';
  readonly expr: ExprNode;
  readonly pattern: ExprNode;
  readonly negated: boolean;
}
