export type IsolationLevel =
  'READ-UNCOMMITTED' | 'READ-COMMITTED' | 'REPEATABLE-READ' | 'SERIALIZABLE';

/** `SET [GLOBAL|SESSION] TRANSACTION ISOLATION LEVEL … | READ ONLY | READ WRITE`. */
export interface SetTransactionNode {
  readonly kind: 'SetTransaction';
  /** null: only the next transaction. */
  readonly scope: 'session' | 'global' | null;
  readonly isolation: IsolationLevel | null;
  readonly readOnly: boolean | null;
}
