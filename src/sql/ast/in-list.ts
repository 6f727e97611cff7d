import type { ExprNode } from './index.js';

export interface InListNode {
  readonly kind: 'InList';
  readonly expr: ExprNode;
  readonly list: readonly ExprNode[];
  readonly negated: boolean;
}
