// What the MySQL server (src/server) asks of the SQL layer: sessions that execute statements and
// return results described in MySQL's terms (column types, flags and charsets from
// src/server/constants), the user directory for authentication, and the process list.
// Implemented by SqlEngine (src/sql/engine.ts).

/**
 * A value as the SQL layer produces it. Integers are number when they fit in 2^53 and bigint
 * otherwise; DECIMAL is its exact decimal string; DATE/DATETIME/TIMESTAMP/TIME are MySQL's
 * canonical strings ('2024-05-01', '2024-05-01 12:00:00.250000'); binary strings are Buffers.
 */
export type SqlValue = null | number | bigint | string | Buffer;

/** One column of a result set, with the fields of the protocol's ColumnDefinition41. */
export interface ColumnDefinition {
  schema: string;
  table: string;
  orgTable: string;
  name: string;
  orgName: string;
  /** Collation id (e.g. 255 utf8mb4_0900_ai_ci, 45 utf8mb4_general_ci, 63 binary). */
  characterSet: number;
  /** Maximum display length in bytes. */
  columnLength: number;
  /** MYSQL_TYPE_* from src/server/constants/column-types.ts. */
  type: number;
  /** Column flags (NOT_NULL, PRI_KEY, UNSIGNED, BINARY, …) from src/server/constants. */
  flags: number;
  decimals: number;
}

export interface OkResult {
  kind: 'ok';
  affectedRows: number;
  lastInsertId: bigint;
  warnings: number;
  /** Human-readable info ("Records: 3  Duplicates: 0  Warnings: 0"), or ''. */
  info: string;
}

export interface RowsResult {
  kind: 'rows';
  columns: ColumnDefinition[];
  rows: SqlValue[][];
  warnings: number;
}

export type StatementResult = OkResult | RowsResult;

/** Session state the server reports in OK and EOF packets. */
export interface SessionStatus {
  inTransaction: boolean;
  autocommit: boolean;
  /** Set after a statement that used no index for a table scan (SERVER_QUERY_NO_INDEX_USED). */
  noIndexUsed: boolean;
}

export interface PreparedStatement {
  readonly id: number;
  readonly paramCount: number;
  /** Parameter metadata (may be generic VAR_STRING when unknown). */
  readonly params: ColumnDefinition[];
  /** Result columns, or empty for statements that return no rows. */
  readonly columns: ColumnDefinition[];
}

export interface SessionInfo {
  connectionId: number;
  user: string;
  /** Client host as MySQL shows it (e.g. 'localhost', '127.0.0.1'). */
  host: string;
  database: string | null;
  /** Character set collation id the client asked for in the handshake. */
  clientCollation: number;
}

export interface Session {
  readonly connectionId: number;
  readonly database: string | null;
  readonly status: SessionStatus;
  /** Splits a COM_QUERY text into statements (for CLIENT_MULTI_STATEMENTS). */
  splitStatements(sql: string): string[];
  /** Executes one statement. Throws SqlError on failure. */
  execute(sql: string): Promise<StatementResult>;
  prepare(sql: string): Promise<PreparedStatement>;
  /** Executes a prepared statement with its parameters (already decoded from the wire). */
  executePrepared(statementId: number, params: SqlValue[]): Promise<StatementResult>;
  closePrepared(statementId: number): void;
  /** COM_INIT_DB. */
  useDatabase(name: string): Promise<void>;
  /** COM_FIELD_LIST: columns of a table, optionally filtered by a LIKE wildcard. */
  fieldList(table: string, wildcard: string): Promise<ColumnDefinition[]>;
  /** COM_RESET_CONNECTION: roll back, drop prepared statements, reset session variables. */
  reset(): Promise<void>;
  /** Cancels the statement in progress (KILL QUERY); it fails with ER_QUERY_INTERRUPTED. */
  cancel(): void;
  /** Rolls back any open transaction and releases the session. */
  close(): Promise<void>;
  /** The statement's native description when the wire path may answer it, else undefined. */
  fastPointSelect(statementId: number): FastPointSelect | undefined;
}

export interface UserAccount {
  user: string;
  host: string;
  /** 'mysql_native_password' or 'caching_sha2_password'. */
  plugin: string;
  /**
   * mysql_native_password: '*' + HEX(SHA1(SHA1(password))), or '' for no password.
   * caching_sha2_password: the SHA-256 crypt string MySQL stores ('$A$005$…'), or ''.
   */
  authString: string;
}

export interface ProcessInfo {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
  timeSeconds: number;
  state: string;
  info: string | null;
}

export interface SqlError extends Error {
  /** MySQL error number, e.g. 1064. */
  errno: number;
  /** Five-character SQLSTATE, e.g. '42000'. */
  sqlState: string;
}

/** What a session may ask of the connection that owns it (KILL CONNECTION from another session). */
export interface ConnectionControl {
  /** Closes the connection after rolling back its session. */
  kill(): void;
}

export interface SqlService {
  /** A new session for an authenticated connection. */
  openSession(info: SessionInfo, connection: ConnectionControl): Session;
  /** The account that matches user@host best (MySQL's host matching), if any. */
  findUser(user: string, host: string): Promise<UserAccount | undefined>;
  /** Whether the account may use the database (checked on connect with a default database). */
  canUseDatabase(account: UserAccount, database: string): boolean;
  processList(): ProcessInfo[];
  /** Adds the server's status variables to SHOW STATUS. */
  attachServerStatus(source: { statusVariables(): ReadonlyArray<readonly [string, number]> }): void;
  /** Changes with every DDL statement and privilege change (retires FastPointSelects). */
  readonly planEpoch: number;
  /** The native wire path over the store's engine, or undefined where it is not available. */
  wireAccelerator(onEvents: (events: WireEvent[]) => void): WireAccelerator | undefined;
  /** Flushes and closes the store below. */
  close(): Promise<void>;
}

/**
 * A prepared point select by integer primary key that the native wire path may answer on its own
 * (native/wire/point_select.cc): `SELECT cols FROM t WHERE pk = ?` with plain columns.
 */
export interface FastPointSelect {
  /** SqlService.planEpoch when it was described; a later epoch retires it. */
  readonly epoch: number;
  /** The table's raw row-key prefix (docs/format/row.md): 74 | int64(tableId) | 5F 72. */
  readonly rowKeyPrefix: Buffer;
  /** Selected columns: stable id and row-format kind. */
  readonly columns: ReadonlyArray<{
    readonly id: number;
    readonly kind: 'int' | 'uint' | 'float' | 'bytes';
  }>;
  /** The result columns, as executing the statement describes them. */
  readonly definitions: readonly ColumnDefinition[];
}

/** An event of the native wire path: packets for JavaScript, a close, or drained output. */
export interface WireEvent {
  kind: 'packets' | 'closed' | 'drained';
  connection: number;
  bytes?: Buffer;
  sequence?: number;
}

/** Native ownership of authenticated client sockets (src/engine/wire-hub.ts). */
export interface WireAccelerator {
  adopt(
    connection: number,
    fd: number,
    pending: Buffer,
    status: number,
    deprecateEof: boolean,
  ): void;
  send(connection: number, bytes: Buffer): number;
  resume(
    connection: number,
    sequence: number,
    status: number,
    fastPathAllowed: boolean,
    leftover: Buffer,
  ): void;
  close(connection: number): void;
  pause(connection: number, paused: boolean): void;
  registerStatement(connection: number, statement: number, plan: NativePointSelectPlan): void;
  unregisterStatement(connection: number, statement: number): void;
  setParamType(connection: number, statement: number, type: number): void;
  setEpoch(epoch: number): void;
  idleMs(connection: number): number;
  stats(): { fastQueries: number; fallbacks: number; bytesReceived: number; bytesSent: number };
  stop(): void;
}

/** A FastPointSelect with its result metadata encoded for the wire. */
export interface NativePointSelectPlan {
  epoch: number;
  rowKeyPrefix: Buffer;
  columns: Array<{ id: number; kind: 'int' | 'uint' | 'float' | 'bytes'; wireType: number }>;
  columnCountPayload: Buffer;
  columnPayloads: Buffer[];
}
