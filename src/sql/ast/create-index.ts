import type { IndexDefinition, TableRefNode } from './index.js';

export interface CreateIndexNode {
  readonly kind: 'CreateIndex';
  readonly table: TableRefNode;
  readonly index: IndexDefinition;
  readonly ifNotExists: boolean;
}
