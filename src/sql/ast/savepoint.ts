export interface SavepointNode {
  readonly kind: 'Savepoint';
  readonly name: string;
  /** RELEASE SAVEPOINT name. */
  readonly release: boolean;
}
