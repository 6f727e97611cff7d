export interface CommitNode {
  readonly kind: 'Commit';
}
