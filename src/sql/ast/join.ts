import type { ExprNode, FromNode } from './index.js';

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'CROSS';

export interface JoinNode {
  readonly kind: 'Join';
  readonly type: JoinType;
  readonly left: FromNode;
  readonly right: FromNode;
  readonly on: ExprNode | null;
  readonly using: readonly string[] | null;
  /** NATURAL: USING every column name the two sides share (resolved when planning). */
  readonly natural: boolean;
}
