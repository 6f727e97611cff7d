// The check_txn_status command: decide a transaction's fate from its primary key, rolling it back
// when its lock has expired or it left no trace. Synced, since it may decide the transaction.

import { checkTxnStatus, type TxnStatus } from '../actions/check-txn-status.js';
import type { KeyRef } from '../types/mutation.js';
import type { Scheduler } from './scheduler.js';

export function runCheckTxnStatus(
  scheduler: Scheduler,
  primary: KeyRef,
  lockTs: bigint,
  currentTs: bigint,
  rollbackIfNotExist: boolean,
): Promise<TxnStatus> {
  return scheduler.run(
    [primary.encodedKey],
    ({ txn, reader }) =>
      checkTxnStatus(
        txn,
        reader,
        primary.key,
        primary.encodedKey,
        lockTs,
        currentTs,
        rollbackIfNotExist,
      ),
    { sync: true },
  );
}
