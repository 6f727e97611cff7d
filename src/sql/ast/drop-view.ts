import type { TableRefNode } from './index.js';

export interface DropViewNode {
  readonly kind: 'DropView';
  readonly views: readonly TableRefNode[];
  readonly ifExists: boolean;
}
