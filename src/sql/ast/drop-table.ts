import type { TableRefNode } from './index.js';

export interface DropTableNode {
  readonly kind: 'DropTable';
  readonly tables: readonly TableRefNode[];
  readonly ifExists: boolean;
}
