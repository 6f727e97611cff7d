import type { ExprNode } from './index.js';

export type UnaryOperator = 'NEG' | 'NOT' | 'BITNOT' | 'PLUS' | 'BINARY';

export interface UnaryNode {
  readonly kind: 'Unary';
  readonly op: UnaryOperator;
  readonly operand: ExprNode;
}
