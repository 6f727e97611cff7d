// What compiled expressions may ask of the statement that runs them.

import type { ErrorSpec } from '../../server/constants/error-codes.js';
import type { Value } from '../types/value.js';

export type WarningLevel = 'Note' | 'Warning' | 'Error';

export interface SqlWarning {
  readonly level: WarningLevel;
  readonly code: number;
  readonly message: string;
}

/** Session facts that functions read (DATABASE(), USER(), LAST_INSERT_ID(), @vars, @@vars). */
export interface SessionFacts {
  readonly connectionId: number;
  currentDatabase(): string | null;
  /** 'user@host' as the client connected. */
  user(): string;
  /** 'user@host' of the matched account. */
  currentUser(): string;
  lastInsertId(): bigint;
  setLastInsertId(value: bigint): void;
  userVariable(name: string): Value;
  setUserVariable(name: string, value: Value): void;
  systemVariable(name: string, scope: 'system' | 'session' | 'global'): Value;
  /** Minutes east of UTC of the session time zone at the given instant. */
  timeZoneOffsetMinutes(atMs: number): number;
  /** Rows the previous statement found (FOUND_ROWS) and changed (ROW_COUNT). */
  foundRows(): number;
  rowCount(): number;
}

export interface EvalContext {
  /** The statement's argument vector (lifted literals and `?` values). */
  readonly params: readonly Value[];
  readonly session: SessionFacts;
  /** Statement start time; NOW() is constant within a statement. */
  readonly nowMs: number;
  /**
   * Data-changing statement under STRICT_TRANS_TABLES: bad values are errors instead of
   * warnings (and division by zero too, with ERROR_FOR_DIVISION_BY_ZERO).
   */
  readonly strict: boolean;
  readonly divisionByZeroIsError: boolean;
  /** Values of the statement's uncorrelated subqueries, computed before the rows are read. */
  readonly subqueryResults: unknown[];
  /** In a correlated subquery: the values it reads from the enclosing query's current row. */
  readonly outer?: readonly Value[];
  warn(spec: ErrorSpec, ...args: Array<string | number | bigint>): void;
  /** A note: MySQL's level below a warning (a value losing only trailing spaces or digits). */
  note(spec: ErrorSpec, ...args: Array<string | number | bigint>): void;
}
