import type {
  ColumnDefinition,
  IndexDefinition,
  QueryNode,
  TableOptions,
  TableRefNode,
} from './index.js';

export interface CreateTableNode {
  readonly kind: 'CreateTable';
  readonly table: TableRefNode;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDefinition[];
  readonly indexes: readonly IndexDefinition[];
  readonly options: TableOptions;
  /** CREATE TABLE … LIKE other. */
  readonly like: TableRefNode | null;
  /** CREATE TABLE … [AS] SELECT: the rows (and the columns not defined in the body). */
  readonly query: QueryNode | null;
  /** CREATE TABLE … IGNORE SELECT skips rows with a duplicate key (with a warning). */
  readonly ignoreDuplicates: boolean;
}
