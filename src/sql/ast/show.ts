import type { ExprNode, TableRefNode } from './index.js';

export type ShowWhat =
  | 'DATABASES'
  | 'TABLES'
  | 'COLUMNS'
  | 'INDEX'
  | 'CREATE_TABLE'
  | 'CREATE_VIEW'
  | 'CREATE_TRIGGER'
  | 'TRIGGERS'
  | 'CREATE_DATABASE'
  | 'VARIABLES'
  | 'STATUS'
  | 'WARNINGS'
  | 'ERRORS'
  | 'COUNT_WARNINGS'
  | 'COUNT_ERRORS'
  | 'PROCESSLIST'
  | 'ENGINES'
  | 'COLLATION'
  | 'CHARSET'
  | 'GRANTS'
  | 'TABLE_STATUS'
  | 'PRIVILEGES'
  | 'CREATE_USER';

export interface ShowNode {
  readonly kind: 'Show';
  readonly what: ShowWhat;
  readonly full: boolean;
  readonly scope: 'session' | 'global';
  /** SHOW COLUMNS/INDEX/CREATE TABLE target. */
  readonly table: TableRefNode | null;
  /** FROM db for SHOW TABLES / TABLE STATUS, or the database of SHOW CREATE DATABASE. */
  readonly database: string | null;
  readonly like: string | null;
  readonly where: ExprNode | null;
  /** SHOW GRANTS FOR user@host / SHOW CREATE USER. */
  readonly user: UserSpec | null;
  /** LIMIT of SHOW WARNINGS/ERRORS. */
  readonly limit: number | null;
}

export interface UserSpec {
  readonly user: string;
  readonly host: string;
}
