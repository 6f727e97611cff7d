import type { ColumnDefinition, IndexDefinition, TableOptions, TableRefNode } from './index.js';

export interface CreateTableNode {
  readonly kind: 'CreateTable';
  readonly table: TableRefNode;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDefinition[];
  readonly indexes: readonly IndexDefinition[];
  readonly options: TableOptions;
  /** CREATE TABLE … LIKE other. */
  readonly like: TableRefNode | null;
}
