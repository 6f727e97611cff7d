import type { TableRefNode } from './index.js';

/** RENAME TABLE a TO b [, c TO d …]: renamed in order, all or none. */
export interface RenameTableNode {
  readonly kind: 'RenameTable';
  readonly renames: ReadonlyArray<{ readonly from: TableRefNode; readonly to: TableRefNode }>;
}
