/** `SET NAMES cs [COLLATE coll]` and `SET CHARACTER SET cs`. */
export interface SetNamesNode {
  readonly kind: 'SetNames';
  readonly charset: string;
  readonly collation: string | null;
  /** SET CHARACTER SET leaves collation_connection to the database's. */
  readonly characterSetForm: boolean;
}
