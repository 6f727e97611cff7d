import type { ExprNode } from './index.js';

/** A scalar function call; name is upper case. */
export interface FunctionCallNode {
  readonly kind: 'FunctionCall';
  readonly name: string;
  readonly args: readonly ExprNode[];
}
