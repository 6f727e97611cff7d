import type { ExprNode } from './index.js';
import type { TypeName } from '../types/column-type.js';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: TypeName;
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  /** Display width, precision or character length; null when not given. */
  readonly length: number | null;
  readonly scale: number | null;
  readonly charset: string | null;
  readonly collation: string | null;
  /** null: no NULL/NOT NULL given. */
  readonly notNull: boolean | null;
  /** DEFAULT expression (a literal, NULL or CURRENT_TIMESTAMP). */
  readonly defaultValue: ExprNode | null;
  readonly onUpdateCurrentTimestamp: boolean;
  readonly autoIncrement: boolean;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly comment: string | null;
}
