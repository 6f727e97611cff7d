export interface DropDatabaseNode {
  readonly kind: 'DropDatabase';
  readonly name: string;
  readonly ifExists: boolean;
}
