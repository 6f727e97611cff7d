import type { ExprNode } from './index.js';

export interface CollateNode {
  readonly kind: 'Collate';
  readonly expr: ExprNode;
  readonly collation: string;
}
