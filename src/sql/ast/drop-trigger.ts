import type { TableRefNode } from './index.js';

export interface DropTriggerNode {
  readonly kind: 'DropTrigger';
  readonly trigger: TableRefNode;
  readonly ifExists: boolean;
}
