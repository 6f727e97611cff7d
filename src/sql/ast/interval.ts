import type { ExprNode } from './index.js';

export type IntervalUnit =
  'MICROSECOND' | 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** `INTERVAL n unit`, only as an argument of date arithmetic. */
export interface IntervalNode {
  readonly kind: 'Interval';
  readonly value: ExprNode;
  readonly unit: IntervalUnit;
}
