import type { QueryNode } from './index.js';

export interface DerivedTableNode {
  readonly kind: 'DerivedTable';
  readonly query: QueryNode;
  readonly alias: string;
}
