import type { ExprNode, OrderItem } from './index.js';

export type AggregateName =
  | 'COUNT'
  | 'SUM'
  | 'AVG'
  | 'MIN'
  | 'MAX'
  | 'GROUP_CONCAT'
  | 'BIT_AND'
  | 'BIT_OR'
  | 'BIT_XOR'
  | 'STD'
  | 'VARIANCE';

export interface AggregateNode {
  readonly kind: 'Aggregate';
  readonly name: AggregateName;
  /** Empty for COUNT(*). */
  readonly args: readonly ExprNode[];
  readonly distinct: boolean;
  /** GROUP_CONCAT only. */
  readonly separator: string;
  readonly orderBy: readonly OrderItem[];
}
