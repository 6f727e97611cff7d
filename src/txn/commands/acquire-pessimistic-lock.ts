// The acquire_pessimistic_lock command: lock a group of keys for a pessimistic transaction (all or
// none) and return their latest values when asked. In-memory locks cost no engine write; locks
// spilled to the `lock` CF are written without fsync (a crash ends their transaction anyway).

import {
  acquirePessimisticLock,
  type PessimisticLockProps,
} from '../actions/acquire-pessimistic-lock.js';
import type { KeyRef } from '../types/mutation.js';
import type { Scheduler } from './scheduler.js';

export function runAcquirePessimisticLock(
  scheduler: Scheduler,
  props: PessimisticLockProps,
  keys: readonly KeyRef[],
  needValues: boolean,
): Promise<Array<Buffer | undefined>> {
  return scheduler.run(
    keys.map((ref) => ref.encodedKey),
    async ({ txn, reader }) => {
      const values: Array<Buffer | undefined> = [];
      for (const { key, encodedKey } of keys) {
        const value = acquirePessimisticLock(txn, reader, props, key, encodedKey, needValues);
        values.push(value instanceof Promise ? await value : value);
      }
      return values;
    },
  );
}
