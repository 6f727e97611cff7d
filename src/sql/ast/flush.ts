/** FLUSH PRIVILEGES | TABLES | STATUS: grants and tables are always live, so these only sync. */
export interface FlushNode {
  readonly kind: 'Flush';
  readonly what: 'PRIVILEGES' | 'TABLES' | 'STATUS' | 'LOGS';
}
