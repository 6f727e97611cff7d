// Transaction-layer errors as MySQL errors.

import { ER } from '../../server/constants/error-codes.js';
import type { TxnErrorCode } from '../../txn/api.js';
import { SqlError, sqlError } from '../errors.js';

export function txnErrorCode(error: unknown): TxnErrorCode | undefined {
  if (error instanceof Error && error.name === 'TxnError')
    return (error as Error & { code: TxnErrorCode }).code;
  return undefined;
}

/** The MySQL error for a failure below the SQL layer; SQL errors pass through. */
export function toSqlError(error: unknown): SqlError {
  if (error instanceof SqlError) return error;
  const code = txnErrorCode(error);
  switch (code) {
    case 'LOCK_WAIT_TIMEOUT':
    case 'KEY_IS_LOCKED':
      return sqlError(ER.LOCK_WAIT_TIMEOUT);
    case 'DEADLOCK':
      return sqlError(ER.DEADLOCK);
    case 'WRITE_CONFLICT': {
      const d =
        (
          error as {
            details?: {
              startTs?: bigint;
              conflictStartTs?: bigint;
              conflictCommitTs?: bigint;
              key?: Buffer;
            };
          }
        ).details ?? {};
      return sqlError(
        ER.WRITE_CONFLICT,
        String(d.startTs ?? ''),
        String(d.conflictStartTs ?? ''),
        String(d.conflictCommitTs ?? ''),
        d.key ? d.key.toString('hex') : '',
      );
    }
    case 'STORE_CLOSED':
      return sqlError(ER.SERVER_SHUTDOWN);
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return sqlError(ER.UNKNOWN_ERROR, message);
    }
  }
}
