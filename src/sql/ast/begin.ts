export interface BeginNode {
  readonly kind: 'Begin';
  readonly readOnly: boolean;
  readonly consistentSnapshot: boolean;
}
