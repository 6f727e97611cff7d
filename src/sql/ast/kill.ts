import type { ExprNode } from './index.js';

export interface KillNode {
  readonly kind: 'Kill';
  /** KILL QUERY cancels the statement; KILL [CONNECTION] closes the connection. */
  readonly query: boolean;
  readonly connectionId: ExprNode;
}
