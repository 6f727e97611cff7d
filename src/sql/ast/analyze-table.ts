import type { TableRefNode } from './index.js';

/** ANALYZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE t [, t …]: collects the planner's statistics. */
export interface AnalyzeTableNode {
  readonly kind: 'AnalyzeTable';
  readonly tables: readonly TableRefNode[];
}
