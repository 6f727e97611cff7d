import type { QueryNode } from './index.js';

export interface ExistsNode {
  readonly kind: 'Exists';
  readonly query: QueryNode;
  readonly negated: boolean;
}
