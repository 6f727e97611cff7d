export interface ColumnRefNode {
  readonly kind: 'ColumnRef';
  readonly database: string | null;
  readonly table: string | null;
  readonly column: string;
}
