export interface RollbackNode {
  readonly kind: 'Rollback';
  /** ROLLBACK TO SAVEPOINT name. */
  readonly savepoint: string | null;
}
