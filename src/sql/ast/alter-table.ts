import type {
  ColumnDefinition,
  ExprNode,
  IndexDefinition,
  TableOptions,
  TableRefNode,
} from './index.js';

/** Where ADD/MODIFY/CHANGE COLUMN puts the column: FIRST, AFTER c, or (null) where it is. */
export type ColumnPosition = { readonly first: true } | { readonly after: string } | null;

/** One alteration of ALTER TABLE; a statement may list several, applied in order. */
export type AlterAction =
  | {
      readonly kind: 'addColumn';
      readonly column: ColumnDefinition;
      readonly position: ColumnPosition;
      readonly ifNotExists: boolean;
    }
  | { readonly kind: 'dropColumn'; readonly name: string; readonly ifExists: boolean }
  | {
      /** MODIFY c … (name = column.name) and CHANGE old new … */
      readonly kind: 'changeColumn';
      readonly name: string;
      readonly column: ColumnDefinition;
      readonly position: ColumnPosition;
      readonly ifExists: boolean;
    }
  | { readonly kind: 'renameColumn'; readonly from: string; readonly to: string }
  | {
      /** ALTER COLUMN c SET DEFAULT v (value) or DROP DEFAULT (null). */
      readonly kind: 'columnDefault';
      readonly name: string;
      readonly value: ExprNode | null;
    }
  | { readonly kind: 'addIndex'; readonly index: IndexDefinition; readonly ifNotExists: boolean }
  | { readonly kind: 'dropIndex'; readonly name: string; readonly ifExists: boolean }
  | { readonly kind: 'dropPrimaryKey' }
  | { readonly kind: 'renameIndex'; readonly from: string; readonly to: string }
  | { readonly kind: 'renameTable'; readonly to: TableRefNode }
  | { readonly kind: 'tableOptions'; readonly options: TableOptions }
  | {
      /** CONVERT TO CHARACTER SET cs [COLLATE c]. */
      readonly kind: 'convertCharset';
      readonly charset: string;
      readonly collation: string | null;
    }
  /** FORCE: rebuild the table (a copy). */
  | { readonly kind: 'force' };

export type AlterAlgorithm = 'DEFAULT' | 'COPY' | 'INPLACE' | 'NOCOPY' | 'INSTANT';
export type AlterLock = 'DEFAULT' | 'NONE' | 'SHARED' | 'EXCLUSIVE';

export interface AlterTableNode {
  readonly kind: 'AlterTable';
  readonly table: TableRefNode;
  readonly actions: readonly AlterAction[];
  readonly algorithm: AlterAlgorithm;
  readonly lock: AlterLock;
}
