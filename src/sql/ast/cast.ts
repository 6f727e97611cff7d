import type { ExprNode } from './index.js';

export type CastTargetName =
  | 'SIGNED'
  | 'UNSIGNED'
  | 'DECIMAL'
  | 'DOUBLE'
  | 'FLOAT'
  | 'CHAR'
  | 'BINARY'
  | 'DATE'
  | 'DATETIME'
  | 'TIME';

export interface CastTarget {
  readonly name: CastTargetName;
  /** DECIMAL precision or CHAR/BINARY length; null when not given. */
  readonly length: number | null;
  readonly scale: number | null;
  readonly charset: string | null;
}

export interface CastNode {
  readonly kind: 'Cast';
  readonly expr: ExprNode;
  readonly target: CastTarget;
}
