export interface CreateDatabaseNode {
  readonly kind: 'CreateDatabase';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly charset: string | null;
  readonly collation: string | null;
}
