import type { TableRefNode } from './index.js';

export interface TruncateTableNode {
  readonly kind: 'TruncateTable';
  readonly table: TableRefNode;
}
