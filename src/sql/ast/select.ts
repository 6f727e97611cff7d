import type { ExprNode, FromNode, OrderItem } from './index.js';

export interface SelectItem {
  readonly expr: ExprNode;
  readonly alias: string | null;
  /** The item as written, which MySQL uses as the column name when there is no alias. */
  readonly text: string;
}

export interface LimitClause {
  readonly count: ExprNode;
  readonly offset: ExprNode | null;
}

export interface SelectNode {
  readonly kind: 'Select';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  /** Empty when there is no FROM clause; several entries are a comma join. */
  readonly from: readonly FromNode[];
  readonly where: ExprNode | null;
  readonly groupBy: readonly ExprNode[];
  readonly withRollup: boolean;
  readonly having: ExprNode | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: LimitClause | null;
  readonly lock: 'FOR UPDATE' | 'LOCK IN SHARE MODE' | null;
}
