// The bank workload shared by the in-process bank test and the crash test's child process:
// accounts with balances, transfers between random pairs in pessimistic or optimistic
// transactions (retried on conflicts and deadlocks, as an application would), and a checker that
// sums every balance in one snapshot.

import type { KvReader, TxnMode, TxnStoreApi } from '../../../src/txn/api.js';
import { TxnError } from '../../../src/txn/errors.js';
import type { SeededRandom } from './random.js';

export const INITIAL_BALANCE = 1000;
const ACCOUNT_PREFIX = 'acct';
const ACCOUNT_END = 'acct~';

export function accountKey(index: number): Buffer {
  return Buffer.from(`${ACCOUNT_PREFIX}${String(index).padStart(5, '0')}`);
}

/** Balances are stored as decimal text, padded so that some values go to the default CF. */
function encodeBalance(balance: number, padding: number): Buffer {
  return Buffer.from(`${balance}|${'.'.repeat(padding)}`);
}

function decodeBalance(value: Buffer | undefined): number {
  if (value === undefined) throw new Error('an account disappeared');
  return Number(value.toString().split('|')[0]);
}

export async function createAccounts(store: TxnStoreApi, accounts: number): Promise<void> {
  const txn = await store.begin({ mode: 'optimistic' });
  for (let i = 0; i < accounts; i++) txn.put(accountKey(i), encodeBalance(INITIAL_BALANCE, 0));
  await txn.commit();
}

/** Retries that a transfer may take: conflicts and deadlocks are part of the workload. */
const RETRYABLE = new Set(['WRITE_CONFLICT', 'DEADLOCK', 'LOCK_WAIT_TIMEOUT']);

/** Moves a random amount between two random accounts; returns whether it committed. */
export async function transfer(
  store: TxnStoreApi,
  accounts: number,
  rng: SeededRandom,
  mode: TxnMode,
): Promise<boolean> {
  const from = rng.int(accounts);
  let to = rng.int(accounts - 1);
  if (to >= from) to++;
  const amount = 1 + rng.int(50);
  // Now and then a long value, so that balances also live in the default CF.
  const padding = rng.int(10) === 0 ? 300 : rng.int(20);
  const txn = await store.begin({ mode, lockWaitTimeoutMs: 10_000 });
  try {
    const keys = [accountKey(from), accountKey(to)];
    const [fromValue, toValue] =
      mode === 'pessimistic' ? await txn.lockKeys(keys) : await txn.batchGet(keys);
    txn.put(keys[0]!, encodeBalance(decodeBalance(fromValue) - amount, padding));
    txn.put(keys[1]!, encodeBalance(decodeBalance(toValue) + amount, padding));
    await txn.commit();
    return true;
  } catch (error) {
    if (!txn.finished) await txn.rollback();
    if (error instanceof TxnError && RETRYABLE.has(error.code)) return false;
    throw error;
  }
}

/** What one snapshot says of the accounts, by a scan and by point gets. */
export interface Audit {
  scanTotal: number;
  getTotal: number;
  count: number;
  /** Balances in account order, by the scan. */
  balances: number[];
  /** Balances in account order, by point gets. */
  balancesByGet: number[];
}

export async function audit(snapshot: KvReader, accounts: number): Promise<Audit> {
  const entries = await snapshot.scan(Buffer.from(ACCOUNT_PREFIX), Buffer.from(ACCOUNT_END));
  const balances = entries.map(([, value]) => decodeBalance(value));
  const keys = Array.from({ length: accounts }, (_, i) => accountKey(i));
  const balancesByGet = (await snapshot.batchGet(keys)).map(decodeBalance);
  const sum = (values: number[]) => values.reduce((a, v) => a + v, 0);
  return {
    scanTotal: sum(balances),
    getTotal: sum(balancesByGet),
    count: entries.length,
    balances,
    balancesByGet,
  };
}
