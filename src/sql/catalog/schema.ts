// The catalog's objects as the SQL layer uses them. They are immutable: a DDL statement builds
// new objects and publishes a new InfoSchema.

import type { ColumnType } from '../types/column-type.js';
import type { Value } from '../types/value.js';

export type ColumnDefault =
  | { readonly kind: 'none' }
  | { readonly kind: 'null' }
  | { readonly kind: 'now' }
  | { readonly kind: 'value'; readonly value: Value };

export interface ColumnInfo {
  /** Stable id used by the row format; never reused within a table. */
  readonly id: number;
  readonly name: string;
  /** Position in the table (and in the slot layout of a table's rows). */
  readonly offset: number;
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly defaultValue: ColumnDefault;
  readonly onUpdateNow: boolean;
  readonly autoIncrement: boolean;
  readonly zerofill: boolean;
  readonly comment: string;
  /**
   * Added by ALTER TABLE without rewriting the rows: rows written before lack the column and read
   * it as NULL (its default then), so giving it another default first rewrites them.
   */
  readonly sparse?: boolean;
}

export interface IndexColumnInfo {
  /** Offset of the column in the table. */
  readonly offset: number;
  /** Prefix length in characters, or null for the whole value. */
  readonly prefixLength: number | null;
  readonly descending: boolean;
}

/**
 * write-only: maintained by DML but not yet read (CREATE INDEX while it backfills);
 * public: usable by the planner.
 */
export type IndexState = 'write-only' | 'public';

export interface IndexInfo {
  readonly id: number;
  readonly name: string;
  readonly primary: boolean;
  readonly unique: boolean;
  readonly columns: readonly IndexColumnInfo[];
  readonly state: IndexState;
  readonly comment: string;
}

export interface TableOptionsInfo {
  readonly engine: string;
  readonly charset: string;
  readonly collation: string;
  readonly comment: string;
  readonly pageCompressed: boolean;
  /** 1–9, or null when not given (the engine default). */
  readonly pageCompressionLevel: number | null;
  readonly atomicWrites: 'ON' | 'OFF' | 'DEFAULT';
  readonly dataDirectory: string | null;
  /** AUTO_INCREMENT= given at creation (the first value handed out). */
  readonly autoIncrementStart: bigint | null;
}

export interface TableInfo {
  readonly id: number;
  readonly databaseId: number;
  readonly name: string;
  readonly columns: readonly ColumnInfo[];
  readonly indexes: readonly IndexInfo[];
  /**
   * Offset of the integer primary key column that is the row handle (clustered), or -1 when rows
   * get a hidden handle and the primary key (if any) is a unique index.
   */
  readonly handleColumn: number;
  /** Offset of the AUTO_INCREMENT column, or -1. */
  readonly autoIncrementColumn: number;
  readonly nextColumnId: number;
  readonly nextIndexId: number;
  readonly options: TableOptionsInfo;
  /** Schema version of the last change to this table. */
  readonly updateVersion: number;
  readonly createTimeMs: number;
}

/** A view: its query as written, expanded into the statements that read it. */
export interface ViewInfo {
  readonly id: number;
  readonly databaseId: number;
  readonly name: string;
  /** The SELECT (or UNION) text of CREATE VIEW. */
  readonly definition: string;
  /** Column names given as `CREATE VIEW v (a, b)`, or null for the query's own. */
  readonly columns: readonly string[] | null;
  readonly algorithm: 'UNDEFINED' | 'MERGE' | 'TEMPTABLE';
  readonly security: 'DEFINER' | 'INVOKER';
  readonly checkOption: 'NONE' | 'CASCADED' | 'LOCAL';
  /** 'user'@'host' of the account that created it. */
  readonly definer: string;
  /** character_set_client and collation_connection when it was created (SHOW CREATE VIEW). */
  readonly clientCharset: string;
  readonly connectionCollation: string;
  readonly createTimeMs: number;
}

/** A trigger: kept, listed and dropped with its table; its body runs nothing (BEGIN END). */
export interface TriggerInfo {
  readonly id: number;
  readonly databaseId: number;
  readonly name: string;
  /** The table it is defined on, in the same database. */
  readonly table: string;
  readonly timing: 'BEFORE' | 'AFTER';
  readonly event: 'INSERT' | 'UPDATE' | 'DELETE';
  readonly body: string;
  /** The CREATE TRIGGER statement as written. */
  readonly statement: string;
  readonly definer: string;
  readonly sqlMode: string;
  readonly clientCharset: string;
  readonly connectionCollation: string;
  readonly createTimeMs: number;
}

export interface DatabaseInfo {
  readonly id: number;
  readonly name: string;
  readonly charset: string;
  readonly collation: string;
}

/** Privileges, as GRANT names them. */
export type Privilege =
  | 'SELECT'
  | 'INSERT'
  | 'UPDATE'
  | 'DELETE'
  | 'CREATE'
  | 'DROP'
  | 'INDEX'
  | 'ALTER'
  | 'GRANT OPTION'
  | 'CREATE USER'
  | 'PROCESS'
  | 'SUPER'
  | 'RELOAD'
  | 'SHOW DATABASES'
  | 'REFERENCES'
  | 'CREATE VIEW'
  | 'SHOW VIEW'
  | 'SHUTDOWN';

export interface UserRecord {
  readonly user: string;
  readonly host: string;
  readonly plugin: string;
  readonly authString: string;
  readonly global: readonly Privilege[];
  /** Database name → privileges on it. */
  readonly databases: Readonly<Record<string, readonly Privilege[]>>;
  /** 'db.table' → privileges on it. */
  readonly tables: Readonly<Record<string, readonly Privilege[]>>;
}
