import type { TableRefNode } from './index.js';

/** OPTIMIZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE t [, t …]: compacts each table's key range. */
export interface OptimizeTableNode {
  readonly kind: 'OptimizeTable';
  readonly tables: readonly TableRefNode[];
}
