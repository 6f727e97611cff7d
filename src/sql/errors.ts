// SQL errors carry MySQL's error number and SQLSTATE (src/server/constants/error-codes.ts).

import { ER, formatMessage } from '../server/constants/error-codes.js';
import type { ErrorSpec } from '../server/constants/error-codes.js';
import type { SqlError as SqlErrorShape } from './api.js';

export class SqlError extends Error implements SqlErrorShape {
  readonly errno: number;
  readonly sqlState: string;

  constructor(spec: ErrorSpec, args: ReadonlyArray<string | number | bigint> = []) {
    super(formatMessage(spec.message, args));
    this.name = 'SqlError';
    this.errno = spec.errno;
    this.sqlState = spec.sqlState;
  }
}

export function sqlError(spec: ErrorSpec, ...args: Array<string | number | bigint>): SqlError {
  return new SqlError(spec, args);
}

/** Error 1235 naming the unsupported construct. */
export function notSupported(what: string): SqlError {
  return new SqlError(ER.NOT_SUPPORTED_YET, [what]);
}

/** Error 1064 naming where the parser stopped (up to 80 characters, as MySQL quotes it). */
export function parseError(sql: string, offset: number, line = 1): SqlError {
  const NEAR_CHARS = 80;
  return new SqlError(ER.PARSE_ERROR, [sql.slice(offset, offset + NEAR_CHARS), line]);
}

export function isSqlError(error: unknown): error is SqlError {
  return error instanceof SqlError;
}
