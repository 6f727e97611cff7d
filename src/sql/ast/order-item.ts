import type { ExprNode } from './index.js';

export interface OrderItem {
  readonly expr: ExprNode;
  readonly descending: boolean;
}
