import type { TableRefNode } from './index.js';

export interface DropIndexNode {
  readonly kind: 'DropIndex';
  readonly table: TableRefNode;
  readonly name: string;
  readonly ifExists: boolean;
}
