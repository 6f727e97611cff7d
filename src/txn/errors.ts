// The one error class of the transaction layer. The SQL layer switches on `code` to pick the MySQL
// error (LOCK_WAIT_TIMEOUT → 1205, DEADLOCK → 1213, WRITE_CONFLICT → TiDB's 9007); the details
// name the key and timestamps involved, for messages and for tests.

import type { TxnErrorCode } from './api.js';
import type { Lock } from './types/lock.js';

export interface TxnErrorDetails {
  /** The user key the error is about. */
  key?: Buffer;
  /** Start timestamp of the transaction that got the error. */
  startTs?: bigint;
  /** Start timestamp of the other transaction (lock owner, conflicting writer, deadlock peer). */
  conflictStartTs?: bigint;
  /** Commit timestamp of the conflicting version. */
  conflictCommitTs?: bigint;
  /** Primary key of the lock met. */
  primary?: Buffer;
  /** For DEADLOCK: the start timestamps around the wait-for cycle, starting with the waiter. */
  deadlockCycle?: bigint[];
  /** For KEY_IS_LOCKED: the lock met, so that the caller can wait for or resolve its owner. */
  lock?: Lock;
}

export class TxnError extends Error {
  readonly code: TxnErrorCode;
  readonly details: TxnErrorDetails;

  constructor(code: TxnErrorCode, message: string, details: TxnErrorDetails = {}) {
    super(message);
    this.name = 'TxnError';
    this.code = code;
    this.details = details;
  }
}

/** A user key for messages: printable ASCII as is, anything else as hex. */
export function describeKey(key: Buffer): string {
  for (const byte of key) {
    if (byte < 0x20 || byte > 0x7e) return `0x${key.toString('hex')}`;
  }
  return `'${key.toString('latin1')}'`;
}

export function keyIsLocked(key: Buffer, startTs: bigint, lock: Lock): TxnError {
  return new TxnError(
    'KEY_IS_LOCKED',
    `key ${describeKey(key)} is locked by the transaction starting at ${lock.startTs}`,
    { key, startTs, conflictStartTs: lock.startTs, primary: lock.primary, lock },
  );
}

export function writeConflict(
  key: Buffer,
  startTs: bigint,
  conflictStartTs: bigint,
  conflictCommitTs: bigint,
): TxnError {
  return new TxnError(
    'WRITE_CONFLICT',
    `Write conflict on key ${describeKey(key)}: transaction ${startTs} conflicts with the one ` +
      `starting at ${conflictStartTs}, committed at ${conflictCommitTs}; try again later`,
    { key, startTs, conflictStartTs, conflictCommitTs },
  );
}

export function isTxnError(error: unknown, code?: TxnErrorCode): error is TxnError {
  return error instanceof TxnError && (code === undefined || error.code === code);
}
