export interface TableRefNode {
  readonly kind: 'TableRef';
  readonly database: string | null;
  readonly name: string;
  readonly alias: string | null;
}
