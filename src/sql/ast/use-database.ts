export interface UseDatabaseNode {
  readonly kind: 'UseDatabase';
  readonly name: string;
}
